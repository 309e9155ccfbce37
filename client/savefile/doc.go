// Package savefile puts files received from the network into a folder,
// safely. It knows nothing of the protocol: a transfer session hands it a
// name and a size from the other side, then the bytes.
//
//	dir := savefile.Dir{Path: "/home/me/Downloads", MaxSize: 1 << 30}
//	f, err := dir.Create(offeredName, offeredSize) // refuses before anything exists
//	if err != nil {
//		return err // decline the offer: errors.Is(err, savefile.ErrTooLarge), ErrNoSpace...
//	}
//	defer f.Abort() // removes the partial file unless Commit succeeded
//	if _, err := io.Copy(f, data); err != nil {
//		return err
//	}
//	saved, err := f.Commit() // saved.Path, saved.Name, saved.Size, saved.SHA256
//
// # Names
//
// The other side chooses the name, so the name is hostile until made safe:
// [SafeName] turns it into a single path element that cannot climb out of
// the folder, hide itself, hold control or bidirectional characters, name
// a Windows device, or exceed 255 bytes. A file is never saved under a name
// that exists: [File.Commit] numbers it ("report (1).pdf") unless
// [Dir.Overwrite] is set, and even then only a regular file is replaced.
//
// # On disk
//
// While the bytes arrive they are written to a hidden temporary file in
// the folder itself (so the final rename stays on one filesystem),
// ".NAME.RANDOM.part", created exclusively with mode 0600: nobody else
// reads a half-received file, and a symbolic link planted under that name
// is never followed. [File.Commit] checks the size, syncs the file, sets
// the mode a browser download gets (0644 less the umask: the content came
// from someone else, and it is not executable), moves it to its final name
// with a system call that refuses to replace an existing entry, and syncs
// the folder. A crash or a kill before Commit or Abort leaves the ".part"
// file behind; callers abort on Ctrl-C.
//
// The SHA-256 of the content is computed as it is written, so it costs no
// second read. Every 64 MiB written, a sync of the file starts in the
// background, so the disk writes a large file while the rest arrives:
// Commit's sync waits for the last part only, and memory never holds
// gigabytes waiting for the disk. On Linux what is synced is then dropped
// from the page cache, so a large download does not push out what the
// machine had cached. A background sync that fails fails the file, since
// the kernel reports a failed write-back to one sync only.
//
// # Limits
//
// [Dir.Create] refuses a size over [Dir.MaxSize] ([ErrTooLarge]) or over
// the free space of the folder's filesystem less [FreeSpaceMargin]
// ([ErrNoSpace]; measured on Linux and macOS), before it creates anything.
// [File.Write] refuses bytes beyond the announced size ([ErrOverrun]) and
// [File.Commit] a file short of it ([ErrIncomplete]).
package savefile
