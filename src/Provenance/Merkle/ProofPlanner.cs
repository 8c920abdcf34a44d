namespace FhirChain.Provenance.Merkle;

/// <summary>
/// Plans RFC 9162 inclusion and consistency proofs as lists of perfect nodes (the only nodes a
/// caller stores). O(log n) nodes per proof; no I/O.
/// </summary>
public static class ProofPlanner
{
    /// <summary>Plans the inclusion proof (audit path) of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves.</summary>
    public static ProofPlan Inclusion(long index, long size)
    {
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(
                nameof(index), index, $"Leaf index {index} is not in a tree of {size} leaves (0 <= index < size).");
        }

        var builder = new ProofPlanBuilder();
        AddPath(builder, index, 0, size);
        return builder.Build();
    }

    /// <summary>Plans the consistency proof from the tree of <paramref name="size1"/> leaves to the tree of <paramref name="size2"/>.</summary>
    public static ProofPlan Consistency(long size1, long size2)
    {
        if (size1 <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(size1), size1, "A consistency proof starts from a non-empty tree (size1 >= 1).");
        }

        if (size1 > size2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(size2), size2, $"The new tree size {size2} is smaller than the old tree size {size1}.");
        }

        var builder = new ProofPlanBuilder();
        if (size1 < size2)
        {
            AddSubproof(builder, size1, 0, size2, true);
        }

        return builder.Build();
    }

    // RFC 9162 2.1.3.1 PATH(m, D[start:end]), m relative to start.
    private static void AddPath(ProofPlanBuilder builder, long m, long start, long end)
    {
        var n = end - start;
        if (n == 1)
        {
            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            AddPath(builder, m, start, start + k);
            builder.AddRange(start + k, end);
        }
        else
        {
            AddPath(builder, m - k, start + k, end);
            builder.AddRange(start, start + k);
        }
    }

    // RFC 9162 2.1.4.1 SUBPROOF(m, D[start:end], b), m relative to start.
    private static void AddSubproof(ProofPlanBuilder builder, long m, long start, long end, bool wholeOldTree)
    {
        var n = end - start;
        if (m == n)
        {
            if (!wholeOldTree)
            {
                builder.AddRange(start, end);
            }

            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            AddSubproof(builder, m, start, start + k, wholeOldTree);
            builder.AddRange(start + k, end);
        }
        else
        {
            AddSubproof(builder, m - k, start + k, end, false);
            builder.AddRange(start, start + k);
        }
    }

    private static long LargestPowerOfTwoBelow(long n) => 1L << (63 - (int)long.LeadingZeroCount(n - 1));
}
