using FhirChain.Provenance.Merkle;

namespace FhirChain.Provenance.Tests.Merkle;

/// <summary>The RFC 9162 section 2.1 definitions, written recursively and directly from the text.</summary>
internal static class NaiveMerkle
{
    public static byte[] Mth(IReadOnlyList<byte[]> leafHashes, int start, int end)
    {
        var n = end - start;
        if (n == 0)
        {
            return TreeHasher.EmptyRoot;
        }

        if (n == 1)
        {
            return leafHashes[start];
        }

        var k = LargestPowerOfTwoBelow(n);
        return TreeHasher.HashChildren(Mth(leafHashes, start, start + k), Mth(leafHashes, start + k, end));
    }

    public static List<byte[]> Path(IReadOnlyList<byte[]> leafHashes, int m, int start, int end)
    {
        var n = end - start;
        if (n == 1)
        {
            return [];
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            return [.. Path(leafHashes, m, start, start + k), Mth(leafHashes, start + k, end)];
        }

        return [.. Path(leafHashes, m - k, start + k, end), Mth(leafHashes, start, start + k)];
    }

    public static List<byte[]> Proof(IReadOnlyList<byte[]> leafHashes, int m, int n) =>
        m == n ? [] : Subproof(leafHashes, m, 0, n, true);

    private static List<byte[]> Subproof(IReadOnlyList<byte[]> leafHashes, int m, int start, int end, bool b)
    {
        var n = end - start;
        if (m == n)
        {
            return b ? [] : [Mth(leafHashes, start, end)];
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            return [.. Subproof(leafHashes, m, start, start + k, b), Mth(leafHashes, start + k, end)];
        }

        return [.. Subproof(leafHashes, m - k, start + k, end, false), Mth(leafHashes, start, start + k)];
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }
}
