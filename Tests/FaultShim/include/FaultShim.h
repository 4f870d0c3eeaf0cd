// FaultShim: an LD_PRELOAD library for fault tests of the real binaries (Tests/LogCrashTests/SystemFaultTests).
// It changes nothing unless its control files exist; see FaultShim.c.
#ifndef RECEIPTLOG_FAULT_SHIM_H
#define RECEIPTLOG_FAULT_SHIM_H
/// The number of sync calls (fsync, fdatasync) failed so far in this process.
long receiptlog_fault_shim_failed_syncs(void);
#endif
