// Package send holds the runtime.Sender implementations that take a
// notification's message out of stegvis: e-mail over SMTP with STARTTLS
// (github.com/wneessen/go-mail, imported only here), SMS through an HTTPS
// gateway, and the log, for the demo and servers without a channel.
//
// The messages they carry are the fixed text of runtime.Courier: that
// something new waits in stegvis and where to sign in, never a link nor
// anything about health.
package send
