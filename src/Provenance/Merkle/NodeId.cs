namespace FhirChain.Provenance.Merkle;

/// <summary>
/// A perfect subtree of the log: the node at <paramref name="Level"/> (0 for leaves) that covers the
/// leaves [Index &lt;&lt; Level, (Index + 1) &lt;&lt; Level).
/// </summary>
public readonly record struct NodeId(int Level, long Index)
{
    /// <summary>The first leaf index this node covers.</summary>
    public long FirstLeaf => Index << Level;

    /// <summary>One past the last leaf index this node covers.</summary>
    public long EndLeaf => (Index + 1) << Level;

    /// <inheritdoc />
    public override string ToString() => $"({Level},{Index})";
}
