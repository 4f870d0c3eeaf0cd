// The one Swift wrapper of the RocksDB C API (Debian librocksdb-dev 7.8). Nothing above this
// target sees a C pointer: handles are owned by final classes and freed in `deinit`.
internal import CRocksDB
#if canImport(Glibc)
import Glibc
#endif

/// An open RocksDB database with named column families.
///
/// Concurrency: RocksDB's `DB` is safe for concurrent reads and writes from many threads, and the
/// handles held here are created in `init`, never mutated and freed only in `deinit`, so the class
/// is `@unchecked Sendable`. Every method blocks on disk I/O: call it off event loops.
///
/// Exclusivity: RocksDB holds an advisory lock on `<path>/LOCK` while the database is open, so a
/// second process (or a second `RocksDatabase` in this one) opening the same path fails with
/// ``RocksDBError/Code/locked``.
public final class RocksDatabase: @unchecked Sendable {
    private let db: OpaquePointer
    private let options: OpaquePointer
    private let tableOptions: OpaquePointer
    private let cache: OpaquePointer
    private let readOptions: OpaquePointer
    private let syncWrite: OpaquePointer
    private let families: [String: OpaquePointer]

    /// The path the database was opened at.
    public let path: String

    /// Opens (creating if missing) the database at `path` with `columnFamilies`; missing column
    /// families are created. `blockCacheBytes` sizes the shared LRU block cache; every column
    /// family gets a full bloom filter of 10 bits per key.
    ///
    /// Throws ``RocksDBError/Code/locked`` when another handle holds the database, and
    /// ``RocksDBError/Code/io`` for any other failure.
    public init(path: String, columnFamilies: [String], blockCacheBytes: Int = 256 << 20) throws(RocksDBError) {
        self.path = path
        options = rocksdb_options_create()
        rocksdb_options_set_create_if_missing(options, 1)
        rocksdb_options_set_create_missing_column_families(options, 1)
        rocksdb_options_set_paranoid_checks(options, 1)
        cache = rocksdb_cache_create_lru(blockCacheBytes)
        tableOptions = rocksdb_block_based_options_create()
        rocksdb_block_based_options_set_block_cache(tableOptions, cache)
        rocksdb_block_based_options_set_filter_policy(tableOptions, rocksdb_filterpolicy_create_bloom_full(10))
        rocksdb_options_set_block_based_table_factory(options, tableOptions)
        readOptions = rocksdb_readoptions_create()
        syncWrite = rocksdb_writeoptions_create()
        rocksdb_writeoptions_set_sync(syncWrite, 1)

        let names = ["default"] + columnFamilies.filter { $0 != "default" }
        var handles = [OpaquePointer?](repeating: nil, count: names.count)
        let cNames = names.map { strdup($0) }
        defer { cNames.forEach { free($0) } }
        let dbOptions = options
        let cfOptions = [OpaquePointer?](repeating: dbOptions, count: names.count)
        var err: UnsafeMutablePointer<CChar>?
        let opened = cNames.map { UnsafePointer<CChar>($0) }.withUnsafeBufferPointer { namePtrs in
            cfOptions.withUnsafeBufferPointer { optPtrs in
                rocksdb_open_column_families(
                    dbOptions, path, Int32(names.count), namePtrs.baseAddress, optPtrs.baseAddress,
                    &handles, &err)
            }
        }
        if let message = Self.take(err) {
            Self.destroy(options, tableOptions, cache, readOptions, syncWrite)
            let code: RocksDBError.Code = message.contains("lock") ? .locked : .io
            throw RocksDBError(code, "cannot open RocksDB at \(path): \(message)")
        }
        guard let opened else {
            Self.destroy(options, tableOptions, cache, readOptions, syncWrite)
            throw RocksDBError(.io, "cannot open RocksDB at \(path)")
        }
        db = opened
        var map: [String: OpaquePointer] = [:]
        for (name, handle) in zip(names, handles) { map[name] = handle! }
        families = map
    }

    deinit {
        for handle in families.values { rocksdb_column_family_handle_destroy(handle) }
        rocksdb_close(db)
        Self.destroy(options, tableOptions, cache, readOptions, syncWrite)
    }

    private static func destroy(
        _ options: OpaquePointer, _ tableOptions: OpaquePointer, _ cache: OpaquePointer,
        _ readOptions: OpaquePointer, _ syncWrite: OpaquePointer
    ) {
        rocksdb_writeoptions_destroy(syncWrite)
        rocksdb_readoptions_destroy(readOptions)
        rocksdb_options_destroy(options)
        rocksdb_block_based_options_destroy(tableOptions)
        rocksdb_cache_destroy(cache)
    }

    /// Returns the error string RocksDB allocated, freeing it, or nil when there was none.
    static func take(_ err: UnsafeMutablePointer<CChar>?) -> String? {
        guard let err else { return nil }
        defer { rocksdb_free(err) }
        return String(cString: err)
    }

    func family(_ name: String) throws(RocksDBError) -> OpaquePointer {
        guard let handle = families[name] else {
            throw RocksDBError(.unknownColumnFamily, "no column family named \(name) was opened")
        }
        return handle
    }

    /// Returns the value stored under `key` in `columnFamily`, or nil when there is none.
    public func get(_ key: [UInt8], in columnFamily: String) throws(RocksDBError) -> [UInt8]? {
        let cf = try family(columnFamily)
        var length = 0
        var err: UnsafeMutablePointer<CChar>?
        let value = key.withUnsafeBufferPointer { k in
            k.withMemoryRebound(to: CChar.self) { k in
                rocksdb_get_cf(db, readOptions, cf, k.baseAddress, k.count, &length, &err)
            }
        }
        if let message = Self.take(err) { throw RocksDBError(.io, "RocksDB get failed: \(message)") }
        guard let value else { return nil }
        defer { rocksdb_free(value) }
        return Array(UnsafeRawBufferPointer(start: value, count: length))
    }

    /// Applies `batch` atomically. With `sync` (the default) the write-ahead log is fsynced before
    /// this returns, so the batch survives a crash of the process or the machine.
    ///
    /// Throws ``RocksDBError/Code/io`` when RocksDB reports any failure; the caller must then treat
    /// the database as failed (fail stop) rather than retry blindly.
    public func write(_ batch: RocksWriteBatch, sync: Bool = true) throws(RocksDBError) {
        var err: UnsafeMutablePointer<CChar>?
        if sync {
            rocksdb_write(db, syncWrite, batch.handle, &err)
        } else {
            let options = rocksdb_writeoptions_create()
            defer { rocksdb_writeoptions_destroy(options) }
            rocksdb_write(db, options, batch.handle, &err)
        }
        if let message = Self.take(err) { throw RocksDBError(.io, "RocksDB write failed: \(message)") }
    }

    /// Returns up to `limit` key-value pairs of `columnFamily` in key order, starting at the first
    /// key ≥ `start` and stopping before `end` when given.
    public func scan(
        _ columnFamily: String, from start: [UInt8], to end: [UInt8]? = nil, limit: Int = .max
    ) throws(RocksDBError) -> [(key: [UInt8], value: [UInt8])] {
        let cf = try family(columnFamily)
        let it = rocksdb_create_iterator_cf(db, readOptions, cf)!
        defer { rocksdb_iter_destroy(it) }
        start.withUnsafeBufferPointer { s in
            s.withMemoryRebound(to: CChar.self) { rocksdb_iter_seek(it, $0.baseAddress, $0.count) }
        }
        var out: [(key: [UInt8], value: [UInt8])] = []
        while out.count < limit, rocksdb_iter_valid(it) != 0 {
            var kl = 0, vl = 0
            let k = Array(UnsafeRawBufferPointer(start: rocksdb_iter_key(it, &kl), count: kl))
            if let end, !k.lexicographicallyPrecedes(end) { break }
            let v = Array(UnsafeRawBufferPointer(start: rocksdb_iter_value(it, &vl), count: vl))
            out.append((k, v))
            rocksdb_iter_next(it)
        }
        var err: UnsafeMutablePointer<CChar>?
        rocksdb_iter_get_error(it, &err)
        if let message = Self.take(err) { throw RocksDBError(.io, "RocksDB scan failed: \(message)") }
        return out
    }

    /// Returns the last key-value pair of `columnFamily` in key order, or nil when it is empty.
    public func last(in columnFamily: String) throws(RocksDBError) -> (key: [UInt8], value: [UInt8])? {
        let cf = try family(columnFamily)
        let it = rocksdb_create_iterator_cf(db, readOptions, cf)!
        defer { rocksdb_iter_destroy(it) }
        rocksdb_iter_seek_to_last(it)
        var err: UnsafeMutablePointer<CChar>?
        rocksdb_iter_get_error(it, &err)
        if let message = Self.take(err) { throw RocksDBError(.io, "RocksDB seek failed: \(message)") }
        guard rocksdb_iter_valid(it) != 0 else { return nil }
        var kl = 0, vl = 0
        let k = Array(UnsafeRawBufferPointer(start: rocksdb_iter_key(it, &kl), count: kl))
        let v = Array(UnsafeRawBufferPointer(start: rocksdb_iter_value(it, &vl), count: vl))
        return (k, v)
    }
}
