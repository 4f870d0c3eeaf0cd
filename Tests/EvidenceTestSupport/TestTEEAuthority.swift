// A test-only certificate hierarchy that produces evidence in the real formats (Nitro attestation
// documents, SEV-SNP reports) signed by keys the tests generate. Never compiled into the binary:
// tests pin its roots through a test policy.
