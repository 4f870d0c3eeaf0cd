// specs/receipt-profile.md §Model digest: the walk that lists the regular files of a model
// directory, sorted bytewise by relative path.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ModelManifest {
    /// Lists the regular files below a directory for ``ModelManifest/hashing(directory:followSymlinks:progress:)``.
    ///
    /// Uses `opendir`/`readdir` and `lstat` (or `stat` for followed links) so names are read as the
    /// bytes on disk. Not thread-safe; one walk per value.
    struct DirectoryWalker {
        /// A regular file found by the walk.
        struct File {
            /// The path relative to the root, as bytes (checked by ``ModelManifest/checkPath(_:)``).
            var path: [UInt8]
            /// The path to open: the root joined with `path`.
            var absolute: String
            /// The size the walk saw.
            var size: UInt64
        }

        fileprivate struct DirectoryID: Hashable {
            var device: UInt64
            var inode: UInt64
        }

        let root: String
        let followSymlinks: Bool
        private var files: [File] = []
        /// The directories on the path from the root to the one being walked, for loop detection.
        private var ancestors: Set<DirectoryID> = []

        init(root: String, followSymlinks: Bool) {
            self.root = root
            self.followSymlinks = followSymlinks
        }

        /// Walks the tree and returns its regular files sorted bytewise by relative path.
        mutating func walk() throws(StatementsError) -> [File] {
            var st = stat()
            guard stat(root, &st) == 0 else {
                throw StatementsError(.modelDirectoryUnreadable, "cannot read \(root): \(String(cString: strerror(errno)))")
            }
            guard (st.st_mode & S_IFMT) == S_IFDIR else {
                throw StatementsError(.modelDirectoryUnreadable, "\(root) is not a directory")
            }
            files = []
            ancestors = []
            try walkDirectory(relative: [], id: DirectoryID(st))
            files.sort { $0.path.lexicographicallyPrecedes($1.path) }
            return files
        }

        private mutating func walkDirectory(relative: [UInt8], id: DirectoryID) throws(StatementsError) {
            let shown = relative.isEmpty ? root : String(decoding: relative, as: UTF8.self)
            guard ancestors.insert(id).inserted else {
                throw StatementsError(.modelSymlinkLoop, "the link \(shown) leads to a directory that contains it")
            }
            defer { ancestors.remove(id) }
            for name in try names(in: absolute(relative), shown: shown) {
                if name == Array(".git".utf8) { continue }  // specs/receipt-profile.md: .git is ignored
                let path = relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name
                try ModelManifest.checkPath(path)
                let full = absolute(path)
                let pathShown = String(decoding: path, as: UTF8.self)
                var st = stat()
                guard lstat(full, &st) == 0 else {
                    throw StatementsError(.modelDirectoryUnreadable, "cannot read \(pathShown): \(String(cString: strerror(errno)))")
                }
                if (st.st_mode & S_IFMT) == S_IFLNK {
                    guard followSymlinks else {
                        throw StatementsError(
                            .modelSymlinkRefused, "\(pathShown) is a symbolic link (use --follow-symlinks to follow links)")
                    }
                    guard stat(full, &st) == 0 else {
                        throw StatementsError(
                            .modelDirectoryUnreadable, "cannot follow the link \(pathShown): \(String(cString: strerror(errno)))")
                    }
                }
                switch st.st_mode & S_IFMT {
                case S_IFREG:
                    guard files.count < ModelManifest.maxEntries else {
                        throw StatementsError(.badManifest, "a model has at most \(ModelManifest.maxEntries) files")
                    }
                    files.append(File(path: path, absolute: full, size: UInt64(st.st_size)))
                case S_IFDIR:
                    try walkDirectory(relative: path, id: DirectoryID(st))
                default:
                    throw StatementsError(
                        .modelSpecialFileRefused, "\(pathShown) is neither a regular file nor a directory")
                }
            }
        }

        private func absolute(_ relative: [UInt8]) -> String {
            relative.isEmpty ? root : root + "/" + String(decoding: relative, as: UTF8.self)
        }

        /// The names in a directory, without `.` and `..`, as raw bytes.
        private func names(in directory: String, shown: String) throws(StatementsError) -> [[UInt8]] {
            guard let dir = opendir(directory) else {
                throw StatementsError(.modelDirectoryUnreadable, "cannot list \(shown): \(String(cString: strerror(errno)))")
            }
            defer { closedir(dir) }
            var names = [[UInt8]]()
            while true {
                errno = 0
                guard let entry = readdir(dir) else {
                    if errno != 0 {
                        throw StatementsError(.modelDirectoryUnreadable, "cannot list \(shown): \(String(cString: strerror(errno)))")
                    }
                    break
                }
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    Array(raw.prefix(while: { $0 != 0 }))
                }
                if name == [0x2E] || name == [0x2E, 0x2E] { continue }
                names.append(name)
            }
            return names
        }
    }

}

extension ModelManifest.DirectoryWalker.DirectoryID {
    fileprivate init(_ st: stat) {
        self.init(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }
}
