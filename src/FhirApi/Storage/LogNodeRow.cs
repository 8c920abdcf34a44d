namespace FhirChain.FhirApi.Storage;

/// <summary>
/// A perfect subtree of the provenance log (level 0 holds leaf hashes), keyed by one number so a
/// proof's O(log n) nodes are fetched in one indexed query: see <see cref="Log.NodeKey"/>.
/// </summary>
internal sealed class LogNodeRow
{
    public long Key { get; set; }

    public required byte[] Hash { get; set; }
}
