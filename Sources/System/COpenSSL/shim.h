#ifndef RECEIPTLOG_COPENSSL_SHIM_H
#define RECEIPTLOG_COPENSSL_SHIM_H

#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/evp.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#endif
