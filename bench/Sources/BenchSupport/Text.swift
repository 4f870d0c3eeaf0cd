// Text layout for benchmark output.

/// `text` padded with spaces to `width` characters: on the left (right-aligned) by default, on
/// the right when `alignLeft` is true. Longer text is returned unchanged.
public func pad(_ text: String, _ width: Int, alignLeft: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - text.count))
    return alignLeft ? text + fill : fill + text
}
