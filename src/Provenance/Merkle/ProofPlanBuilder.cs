namespace FhirChain.Provenance.Merkle;

/// <summary>Collects the perfect nodes of a proof, grouped by proof element.</summary>
internal sealed class ProofPlanBuilder
{
    private readonly List<NodeId> _ids = new(64);
    private readonly List<int> _groups = new(64);

    // MTH(D[start:end]) where start is aligned to the largest power of two <= end - start:
    // the perfect subtrees of the range, largest first.
    public void AddRange(long start, long end)
    {
        var count = 0;
        var position = start;
        for (var level = 63; level >= 0; level--)
        {
            var width = 1L << level;
            if (((end - start) & width) != 0)
            {
                _ids.Add(new NodeId(level, position >> level));
                position += width;
                count++;
            }
        }

        _groups.Add(count);
    }

    public ProofPlan Build() => new(_ids.ToArray(), _groups.ToArray());
}
