using System.Numerics;

namespace FhirChain.Provenance.Merkle;

/// <summary>Pure RFC 9162 proof verification (sections 2.1.3.2 and 2.1.4.2) returning typed results.</summary>
public static class ProofVerifier
{
    /// <summary>Verifies that <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of <paramref name="size"/> leaves with root <paramref name="root"/>.</summary>
    public static VerificationResult VerifyInclusion(
        ReadOnlySpan<byte> leafHash, long index, long size, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        var calculated = RootFromInclusionProof(leafHash, index, size, proof, out var failure);
        if (failure is not null)
        {
            return failure;
        }

        return root.SequenceEqual(calculated!)
            ? ProofVerified.Instance
            : new RootMismatch("root", root.ToArray(), calculated!);
    }

    /// <summary>
    /// The root an inclusion proof leads to, or null with <paramref name="failure"/> set when the
    /// index or the proof size is wrong for the tree size.
    /// </summary>
    public static byte[]? RootFromInclusionProof(
        ReadOnlySpan<byte> leafHash, long index, long size, IReadOnlyList<byte[]> proof, out VerificationResult? failure)
    {
        ArgumentNullException.ThrowIfNull(proof);
        failure = null;
        if (index < 0 || index >= size)
        {
            failure = new IndexOutOfRange(index, size);
            return null;
        }

        var inner = 64 - BitOperations.LeadingZeroCount((ulong)(index ^ (size - 1)));
        var border = BitOperations.PopCount((ulong)index >> inner);
        if (proof.Count != inner + border)
        {
            failure = new WrongProofSize(inner + border, proof.Count);
            return null;
        }

        failure = CheckLengths(proof, leafHash.Length, "leaf hash");
        if (failure is not null)
        {
            return null;
        }

        var fn = index;
        var sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if ((fn & 1) == 1 || fn == sn)
            {
                r = TreeHasher.HashChildren(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = TreeHasher.HashChildren(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return r;
    }

    /// <summary>Verifies that the tree of <paramref name="size1"/> leaves with <paramref name="root1"/> is a prefix of the tree of <paramref name="size2"/> leaves with <paramref name="root2"/>.</summary>
    public static VerificationResult VerifyConsistency(
        long size1, long size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (size1 <= 0)
        {
            return new InvalidTreeSizes(size1, size2, "the old tree must be non-empty (a proof from the empty tree proves nothing)");
        }

        if (size2 < size1)
        {
            return new InvalidTreeSizes(size1, size2, "the new tree is smaller than the old tree");
        }

        // Equal sizes: only the roots' equality matters (the vectors accept any byte string here).
        if (size1 == size2)
        {
            if (proof.Count != 0)
            {
                return new WrongProofSize(0, proof.Count);
            }

            return root1.SequenceEqual(root2) ? ProofVerified.Instance : new RootMismatch("new root", root2.ToArray(), root1.ToArray());
        }

        var shift = BitOperations.TrailingZeroCount((ulong)size1);
        var inner = 64 - BitOperations.LeadingZeroCount((ulong)((size1 - 1) ^ (size2 - 1)));
        var border = BitOperations.PopCount((ulong)(size1 - 1) >> inner);
        var powerOfTwo = size1 == 1L << shift;
        var expected = (powerOfTwo ? 0 : 1) + (inner - shift) + border;
        if (proof.Count != expected)
        {
            return new WrongProofSize(expected, proof.Count);
        }

        if (CheckLengths(proof, root1.Length, "old root") is { } badLength)
        {
            return badLength;
        }

        // RFC 9162 2.1.4.2, with root1 prepended when size1 is a power of two.
        var first = powerOfTwo ? root1.ToArray() : proof[0];
        var start = powerOfTwo ? 0 : 1;
        var fn = size1 - 1;
        var sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = first;
        var sr = first;
        for (var i = start; i < proof.Count; i++)
        {
            var c = proof[i];
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = TreeHasher.HashChildren(c, fr);
                sr = TreeHasher.HashChildren(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = TreeHasher.HashChildren(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (!root1.SequenceEqual(fr))
        {
            return new RootMismatch("old root", root1.ToArray(), fr);
        }

        return root2.SequenceEqual(sr) ? ProofVerified.Instance : new RootMismatch("new root", root2.ToArray(), sr);
    }

    private static InvalidHashLength? CheckLengths(IReadOnlyList<byte[]> proof, int firstLength, string firstName)
    {
        if (firstLength != TreeHasher.HashSize)
        {
            return new InvalidHashLength(firstName, firstLength);
        }

        for (var i = 0; i < proof.Count; i++)
        {
            if (proof[i] is not { Length: TreeHasher.HashSize })
            {
                return new InvalidHashLength($"proof hash {i}", proof[i]?.Length ?? 0);
            }
        }

        return null;
    }
}
