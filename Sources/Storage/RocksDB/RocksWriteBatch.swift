internal import CRocksDB

/// A set of puts and deletes that ``RocksDatabase/write(_:sync:)`` applies atomically.
///
/// Not thread-safe: build a batch on one task, then hand it to `write`.
public final class RocksWriteBatch {
    let handle: OpaquePointer
    private let database: RocksDatabase

    /// Creates an empty batch for `database` (whose column families it may name).
    public init(for database: RocksDatabase) {
        handle = rocksdb_writebatch_create()
        self.database = database
    }

    deinit { rocksdb_writebatch_destroy(handle) }

    /// The number of operations in the batch.
    public var count: Int { Int(rocksdb_writebatch_count(handle)) }

    /// Adds a put of `value` under `key` in `columnFamily`.
    public func put(_ key: [UInt8], _ value: [UInt8], in columnFamily: String) throws(RocksDBError) {
        let cf = try database.family(columnFamily)
        key.withUnsafeBufferPointer { k in
            value.withUnsafeBufferPointer { v in
                k.withMemoryRebound(to: CChar.self) { k in
                    v.withMemoryRebound(to: CChar.self) { v in
                        rocksdb_writebatch_put_cf(handle, cf, k.baseAddress, k.count, v.baseAddress, v.count)
                    }
                }
            }
        }
    }

    /// Adds a delete of `key` in `columnFamily`.
    public func delete(_ key: [UInt8], in columnFamily: String) throws(RocksDBError) {
        let cf = try database.family(columnFamily)
        key.withUnsafeBufferPointer { k in
            k.withMemoryRebound(to: CChar.self) { rocksdb_writebatch_delete_cf(handle, cf, $0.baseAddress, $0.count) }
        }
    }
}
