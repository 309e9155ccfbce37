// Package echo is a contact who is always there, for `msn serve --online`:
// an account kept signed in and visible that answers every conversation,
// sends each text message back to its sender, and accepts every file
// offered to it into a folder. It is built on the same ns, sb, im and
// transfer packages as the msn commands, so a script tested against it
// talks to a real client on the other side.
//
//	c, err := echo.Start(ctx, echo.Config{Server: srv.NSAddr(), Services: srv.ServicesURL(),
//		Account: "bob@example.com", Password: "bob123", Files: dir, Wait: time.Minute,
//		Report: func(ev echo.Event) { log.Print(ev) }})
//	...
//	c.Close()
//
// # Echoes
//
// A text is echoed once, to its sender, in a conversation the echo
// contact opens for it rather than in the one it came by: `msn send`
// leaves its conversation as soon as its message is acknowledged, so an
// echo there would reach nobody, while a new conversation rings every
// sign-in of the sender, and `msn receive` answers. The echo waits until
// the sender is online, since `msn send` itself runs hidden: an `msn
// receive` already running beside it (MSNP18, where an account may sign in
// twice) gets the echo once the send has left, and one started after the
// send (any dialect) gets it when it signs in. A sender who does not come
// online within Config.Wait, or whose sign-ins never answer, gets the echo
// as an offline message instead. Echoes to one sender go one at a time, in
// the order the texts arrived. Texts from the contact's own account, and
// from senders Config.Silent names (the other echo contacts), are not
// echoed, so two echo contacts never talk to each other forever.
//
// # Files
//
// Every file offered is accepted into Config.Files through savefile, as
// `msn receive --files` does: a hidden temporary name, its size checked,
// synced, then renamed without replacing anything; the sender is told it
// arrived only after that.
//
// # Reports
//
// Config.Report is told of each text received, each echo (delivered,
// stored offline, or given up), each file saved or lost, and a sign-out by
// the server. It is called from the contact's goroutines, one call at a
// time.
package echo
