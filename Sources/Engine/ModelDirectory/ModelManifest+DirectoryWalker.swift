// specs/receipt-profile.md §Model digest: the walk that lists the regular files of a model
// directory, sorted bytewise by relative path, and opens them again for hashing.
//
// Every name is resolved relative to an open directory (openat, fstatat, fdopendir), never as a
// path from the root, so a directory swapped for a symbolic link during the walk is never
// followed: without --follow-symlinks every component is opened with O_NOFOLLOW. A file is
// opened for hashing the same way and must be the very file the walk saw (device, inode and
// size, checked on the open descriptor), so what is hashed is what was checked.
//
// Followed links to directories can make a small tree exponentially large (a directory holding
// two links to the next, forty deep, is 2^40 paths). The walk is bounded: at most
// ``maxDepth`` directories deep, at most ``maxFollowedDirectoryLinks`` links to directories
// followed in one walk, at most ``ModelManifest/maxEntries`` files.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Statements

extension ModelManifest {
    /// Lists the regular files below a directory for ``ModelManifest/hashing(directory:followSymlinks:progress:)``
    /// and opens them again for hashing.
    ///
    /// Holds the model directory open from creation to deinit; names are read as the bytes on
    /// disk. Not thread-safe; one walk per value.
    final class DirectoryWalker {
        /// A regular file found by the walk.
        struct File {
            /// The path relative to the root, as bytes (checked by ``ModelManifest/checkPath(_:)``).
            var path: [UInt8]
            /// The file the walk saw.
            var id: FileID
            /// The size the walk saw.
            var size: UInt64
        }

        /// A file's identity: its device and inode.
        struct FileID: Hashable {
            var device: UInt64
            var inode: UInt64

            init(_ st: stat) {
                device = UInt64(st.st_dev)
                inode = UInt64(st.st_ino)
            }
        }

        /// How many directories deep the walk goes below the root.
        static let maxDepth = 128
        /// How many times one walk follows a link to a directory (each time one is reached counts).
        static let maxFollowedDirectoryLinks = 4096

        let root: String
        let followSymlinks: Bool
        /// The model directory, open for the walker's lifetime.
        private let rootFD: Int32
        private var files: [File] = []
        /// The directories on the path from the root to the one being walked, for loop detection.
        private var ancestors: Set<FileID> = []
        private var followedDirectoryLinks = 0
        /// The directories opened for the last file opened (components and descriptors), reused
        /// for the next: files are opened in path order, so siblings share them.
        private var openDirectories: [(name: [UInt8], fd: Int32)] = []

        /// Opens the model directory (following links in `root` itself: the caller named it).
        init(root: String, followSymlinks: Bool) throws(StatementsError) {
            self.root = root
            self.followSymlinks = followSymlinks
            let fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard fd >= 0 else {
                let message = errno == ENOTDIR ? "\(root) is not a directory" : "cannot read \(root): \(String(cString: strerror(errno)))"
                throw StatementsError(.modelDirectoryUnreadable, message)
            }
            rootFD = fd
        }

        deinit {
            closeOpenDirectories(keeping: 0)
            close(rootFD)
        }

        /// Walks the tree and returns its regular files sorted bytewise by relative path.
        func walk() throws(StatementsError) -> [File] {
            var st = stat()
            guard fstat(rootFD, &st) == 0 else {
                throw StatementsError(.modelDirectoryUnreadable, "cannot read \(root): \(String(cString: strerror(errno)))")
            }
            files = []
            ancestors = []
            followedDirectoryLinks = 0
            try walkDirectory(rootFD, relative: [], id: FileID(st), depth: 0)
            files.sort { $0.path.lexicographicallyPrecedes($1.path) }
            return files
        }

        /// Opens `file` for reading, resolving its path from the root one component at a time
        /// (without following links unless asked), and checks on the descriptor that it is the
        /// regular file the walk saw. The caller closes the descriptor.
        ///
        /// Throws `modelChangedDuringHashing` when the path no longer leads to that file.
        func openFile(_ file: File) throws(StatementsError) -> Int32 {
            let shown = String(decoding: file.path, as: UTF8.self)
            func changed(_ what: String) -> StatementsError {
                StatementsError(.modelChangedDuringHashing, "\(shown) changed while the model was being hashed: \(what)")
            }
            let components = file.path.split(separator: UInt8(ascii: "/")).map(Array.init)
            let directories = components.dropLast()
            var shared = 0
            while shared < openDirectories.count, shared < directories.count,
                openDirectories[shared].name == directories[directories.startIndex + shared]
            {
                shared += 1
            }
            closeOpenDirectories(keeping: shared)
            for name in directories.dropFirst(shared) {
                let parent = openDirectories.last?.fd ?? rootFD
                let fd = openat(parent, cString(name), O_RDONLY | O_DIRECTORY | O_CLOEXEC | noFollow)
                guard fd >= 0 else { throw changed(String(cString: strerror(errno))) }
                openDirectories.append((name, fd))
            }
            // O_NONBLOCK: a FIFO put in the file's place must not block the open.
            let fd = openat(
                openDirectories.last?.fd ?? rootFD, cString(components.last!), O_RDONLY | O_CLOEXEC | O_NONBLOCK | noFollow)
            guard fd >= 0 else { throw changed(String(cString: strerror(errno))) }
            var st = stat()
            guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, FileID(st) == file.id else {
                close(fd)
                throw changed("it is not the file the walk found")
            }
            guard UInt64(st.st_size) == file.size else {
                close(fd)
                throw changed("its size is \(st.st_size), not \(file.size)")
            }
            return fd
        }

        private var noFollow: Int32 { followSymlinks ? 0 : O_NOFOLLOW }

        private func closeOpenDirectories(keeping count: Int) {
            while openDirectories.count > count { close(openDirectories.removeLast().fd) }
        }

        /// Lists the directory open as `fd` (the file `id`, at `relative`, `depth` below the root).
        private func walkDirectory(_ fd: Int32, relative: [UInt8], id: FileID, depth: Int) throws(StatementsError) {
            let shown = relative.isEmpty ? root : String(decoding: relative, as: UTF8.self)
            guard ancestors.insert(id).inserted else {
                throw StatementsError(.modelSymlinkLoop, "the link \(shown) leads to a directory that contains it")
            }
            defer { ancestors.remove(id) }
            for name in try names(in: fd, shown: shown) {
                if name == Array(".git".utf8) { continue }  // specs/receipt-profile.md: .git is ignored
                let path = relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name
                try ModelManifest.checkPath(path)
                let pathShown = String(decoding: path, as: UTF8.self)
                var st = stat()
                guard fstatat(fd, cString(name), &st, AT_SYMLINK_NOFOLLOW) == 0 else {
                    throw StatementsError(.modelDirectoryUnreadable, "cannot read \(pathShown): \(String(cString: strerror(errno)))")
                }
                let isLink = (st.st_mode & S_IFMT) == S_IFLNK
                if isLink {
                    guard followSymlinks else {
                        throw StatementsError(
                            .modelSymlinkRefused, "\(pathShown) is a symbolic link (use --follow-symlinks to follow links)")
                    }
                    guard fstatat(fd, cString(name), &st, 0) == 0 else {
                        throw StatementsError(
                            .modelDirectoryUnreadable, "cannot follow the link \(pathShown): \(String(cString: strerror(errno)))")
                    }
                }
                switch st.st_mode & S_IFMT {
                case S_IFREG:
                    guard files.count < ModelManifest.maxEntries else {
                        throw StatementsError(.badManifest, "a model has at most \(ModelManifest.maxEntries) files")
                    }
                    files.append(File(path: path, id: FileID(st), size: UInt64(st.st_size)))
                case S_IFDIR:
                    if isLink {
                        followedDirectoryLinks += 1
                        guard followedDirectoryLinks <= Self.maxFollowedDirectoryLinks else {
                            throw StatementsError(
                                .modelSymlinkLoop,
                                "links to directories were followed more than \(Self.maxFollowedDirectoryLinks) times (at \(pathShown)): links that lead to the same directories again make the walk grow without bound")
                        }
                    }
                    guard depth < Self.maxDepth else {
                        throw StatementsError(.badModelPath, "\(pathShown) is more than \(Self.maxDepth) directories deep")
                    }
                    let child = openat(fd, cString(name), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (isLink ? 0 : O_NOFOLLOW))
                    guard child >= 0 else {
                        throw StatementsError(
                            .modelChangedDuringHashing, "\(pathShown) changed while the model was being walked: \(String(cString: strerror(errno)))")
                    }
                    defer { close(child) }
                    var opened = stat()
                    guard fstat(child, &opened) == 0, FileID(opened) == FileID(st) else {
                        throw StatementsError(.modelChangedDuringHashing, "\(pathShown) changed while the model was being walked")
                    }
                    try walkDirectory(child, relative: path, id: FileID(st), depth: depth + 1)
                default:
                    throw StatementsError(
                        .modelSpecialFileRefused, "\(pathShown) is neither a regular file nor a directory")
                }
            }
        }

        /// The names in the directory open as `fd`, without `.` and `..`, as raw bytes.
        private func names(in fd: Int32, shown: String) throws(StatementsError) -> [[UInt8]] {
            // fdopendir takes its descriptor over (closedir closes it): give it a duplicate, so
            // `fd` stays open for the openat and fstatat calls on the names.
            let own = dup(fd)
            guard own >= 0 else {
                throw StatementsError(.modelDirectoryUnreadable, "cannot list \(shown): \(String(cString: strerror(errno)))")
            }
            guard let dir = fdopendir(own) else {
                let error = String(cString: strerror(errno))
                close(own)
                throw StatementsError(.modelDirectoryUnreadable, "cannot list \(shown): \(error)")
            }
            defer { closedir(dir) }
            rewinddir(dir)  // the duplicate shares `fd`'s position
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

        /// `name` with a terminating NUL, for the C calls (names hold no NUL).
        private func cString(_ name: [UInt8]) -> [CChar] {
            name.map { CChar(bitPattern: $0) } + [0]
        }
    }
}
