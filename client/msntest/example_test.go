package msntest_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/msn-cli/msn/client/msntest"
)

// A server with two accounts who are each other's contacts. A client
// connects to NSAddr, gets its tickets from ServicesURL over HTTPClient
// (or trusts CACertPEM), and the test then asserts on what the server saw.
func Example() {
	s, err := msntest.New(msntest.Options{})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	s.AddAccount("alice@example.com", "alice123", "Alice")
	s.AddAccount("bob@example.com", "bob123", "Bob")
	s.AddContact("alice@example.com", "bob@example.com")

	// For a client that takes a --ca-file:
	ca := filepath.Join(os.TempDir(), "msntest-ca.pem")
	if err := os.WriteFile(ca, s.CACertPEM(), 0o600); err != nil {
		panic(err)
	}
	defer os.Remove(ca)

	// ... run the client against s.NSAddr() and s.ServicesURL() ...

	fmt.Println(s.Logins("alice@example.com"), s.Online("alice@example.com"), s.PresenceSeenBy("bob@example.com"))
	// Output: 0 [] []
}
