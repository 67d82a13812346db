// A small SMTP server for tests: speaks enough real SMTP (RFC 5321: EHLO/HELO, MAIL, RCPT,
// DATA with dot-stuffing, RSET, NOOP, QUIT) for a real client to deliver to it, and decodes the
// received MIME message into its text and HTML parts so tests assert on what a user would read.
import type { Socket } from "bun";

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  text: string;
  html: string;
}

interface Conn {
  buf: string;
  data: string[] | null;
  from: string;
  to: string[];
}

export interface SmtpTestServer {
  port: number;
  mails: ReceivedMail[];
  /** Resolves with the n-th mail (1-based) once it has arrived, or rejects after the deadline. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail>;
  stop(): void;
}

export function startSmtpTestServer(): SmtpTestServer {
  const mails: ReceivedMail[] = [];
  const waiters: { n: number; resolve: (m: ReceivedMail) => void }[] = [];
  const write = (s: Socket<Conn>, line: string) => s.write(line + "\r\n");
  const server = Bun.listen<Conn>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(s) {
        s.data = { buf: "", data: null, from: "", to: [] };
        write(s, "220 localhost ESMTP test");
      },
      data(s, chunk) {
        s.data.buf += chunk.toString("latin1");
        let i: number;
        while ((i = s.data.buf.indexOf("\r\n")) >= 0) {
          const line = s.data.buf.slice(0, i);
          s.data.buf = s.data.buf.slice(i + 2);
          if (s.data.data) {
            if (line === ".") {
              const raw = s.data.data.join("\r\n");
              s.data.data = null;
              const mail = { from: s.data.from, to: s.data.to, raw, ...decodeMessage(raw) };
              mails.push(mail);
              for (const w of waiters.filter((w) => w.n === mails.length)) w.resolve(mail);
              write(s, "250 OK queued");
            } else s.data.data.push(line.startsWith("..") ? line.slice(1) : line);
            continue;
          }
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === "EHLO") s.write("250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n");
          else if (verb === "HELO") write(s, "250 localhost");
          else if (verb === "MAIL") {
            s.data.from = /<([^>]*)>/.exec(line)?.[1] ?? "";
            s.data.to = [];
            write(s, "250 OK");
          } else if (verb === "RCPT") {
            s.data.to.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
            write(s, "250 OK");
          } else if (verb === "DATA") {
            s.data.data = [];
            write(s, "354 End data with <CR><LF>.<CR><LF>");
          } else if (verb === "RSET" || verb === "NOOP") write(s, "250 OK");
          else if (verb === "QUIT") {
            write(s, "221 Bye");
            s.end();
          } else write(s, "502 Command not implemented");
        }
      },
    },
  });
  return {
    port: server.port,
    mails,
    waitFor(n, timeoutMs = 10_000) {
      if (mails.length >= n) return Promise.resolve(mails[n - 1]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`mail #${n} did not arrive within ${timeoutMs} ms (got ${mails.length})`)), timeoutMs);
        waiters.push({ n, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
    stop: () => server.stop(true),
  };
}

function splitHead(part: string): { headers: Map<string, string>; body: string } {
  const i = part.indexOf("\r\n\r\n");
  const head = i >= 0 ? part.slice(0, i) : part;
  const body = i >= 0 ? part.slice(i + 4) : "";
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const c = line.indexOf(":");
    if (c > 0) headers.set(line.slice(0, c).trim().toLowerCase(), line.slice(c + 1).trim());
  }
  return { headers, body };
}

function decodeBody(body: string, encoding: string | undefined): string {
  const bytes = (() => {
    switch ((encoding ?? "7bit").toLowerCase()) {
      case "base64":
        return Buffer.from(body.replace(/\s+/g, ""), "base64");
      case "quoted-printable": {
        const s = body.replace(/=\r\n/g, "");
        const out: number[] = [];
        for (let i = 0; i < s.length; i++) {
          if (s[i] === "=" && /^[0-9A-F]{2}$/i.test(s.slice(i + 1, i + 3))) {
            out.push(parseInt(s.slice(i + 1, i + 3), 16));
            i += 2;
          } else out.push(s.charCodeAt(i));
        }
        return Buffer.from(out);
      }
      default:
        return Buffer.from(body, "latin1");
    }
  })();
  return bytes.toString("utf8").replace(/\r\n/g, "\n");
}

function decodeMessage(raw: string): { subject: string; text: string; html: string } {
  const { headers, body } = splitHead(raw);
  const out = { subject: headers.get("subject") ?? "", text: "", html: "" };
  const visit = (h: Map<string, string>, b: string) => {
    const type = h.get("content-type") ?? "text/plain";
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (type.toLowerCase().startsWith("multipart/") && boundary) {
      for (const part of b.split(`--${boundary}`).slice(1)) {
        if (part.startsWith("--")) break;
        const p = splitHead(part.replace(/^\r\n/, ""));
        visit(p.headers, p.body.replace(/\r\n$/, ""));
      }
    } else if (type.toLowerCase().startsWith("text/html")) out.html = decodeBody(b, h.get("content-transfer-encoding"));
    else if (type.toLowerCase().startsWith("text/plain")) out.text = decodeBody(b, h.get("content-transfer-encoding"));
  };
  visit(headers, body);
  return out;
}
