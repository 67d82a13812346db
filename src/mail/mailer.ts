// Outgoing mail. With TBG_SMTP_HOST set, nodemailer delivers over SMTP (STARTTLS when the server
// offers it, TLS from the first byte with TBG_SMTP_SECURE); without it the operator runs a
// home-lab box with no mail relay, so the message's links are written to the log instead and
// the admin page lists accounts waiting for verification.
import nodemailer from "nodemailer";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Links the mail carries; logged when there is no SMTP server. */
  links: string[];
}

export type SendResult = { ok: true; delivered: "smtp" | "log" } | { ok: false; reason: string };

export interface Mailer {
  send(mail: Mail): Promise<SendResult>;
  close(): void;
}

export function createMailer(config: Pick<Config, "smtp" | "mailFrom">, log: Logger): Mailer {
  const smtp = config.smtp;
  if (!smtp) {
    return {
      async send(mail) {
        log.info("mail not sent (no SMTP configured); its links follow", { to: mail.to, subject: mail.subject, links: mail.links });
        return { ok: true, delivered: "log" };
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      try {
        await transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
        log.info("mail sent", { to: mail.to, subject: mail.subject });
        return { ok: true, delivered: "smtp" };
      } catch (e) {
        log.warn("mail delivery failed", { to: mail.to, subject: mail.subject, error: e as Error });
        return { ok: false, reason: (e as Error).message };
      }
    },
    close() {
      transport.close();
    },
  };
}
