#ifndef RECEIPTLOG_CROCKSDB_SHIM_H
#define RECEIPTLOG_CROCKSDB_SHIM_H

#include <rocksdb/c.h>

#endif
