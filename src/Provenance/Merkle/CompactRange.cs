using System.Numerics;

namespace FhirChain.Provenance.Merkle;

/// <summary>
/// The right border of a Merkle tree: the hashes of the perfect subtrees that make up a tree of
/// <see cref="Size"/> leaves, largest first. Enough to append leaves and compute the root;
/// every node completed by an append is reported to a visitor so the caller chooses the storage.
/// </summary>
public sealed class CompactRange
{
    private readonly List<byte[]> _frontier;

    private CompactRange(long size, List<byte[]> frontier)
    {
        Size = size;
        _frontier = frontier;
    }

    /// <summary>Number of leaves in the range (which always starts at leaf 0).</summary>
    public long Size { get; private set; }

    /// <summary>The hashes of <see cref="FrontierIds(long)"/> for the current size.</summary>
    public IReadOnlyList<byte[]> Frontier => _frontier;

    /// <summary>A range of zero leaves.</summary>
    public static CompactRange Empty() => new(0, new List<byte[]>(64));

    /// <summary>The perfect subtrees that make up a tree of <paramref name="size"/> leaves, left to right (largest first).</summary>
    public static IReadOnlyList<NodeId> FrontierIds(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var ids = new List<NodeId>(BitOperations.PopCount((ulong)size));
        for (var level = 63; level >= 0; level--)
        {
            if (((size >> level) & 1) != 0)
            {
                ids.Add(new NodeId(level, (size >> level) - 1));
            }
        }

        return ids;
    }

    /// <summary>Restores a range from stored frontier hashes, given in <see cref="FrontierIds(long)"/> order.</summary>
    public static CompactRange FromFrontier(long size, IReadOnlyList<byte[]> frontierHashes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(frontierHashes);
        var expected = BitOperations.PopCount((ulong)size);
        if (frontierHashes.Count != expected)
        {
            throw new ArgumentException(
                $"A tree of {size} leaves has {expected} frontier hashes, but {frontierHashes.Count} were given.",
                nameof(frontierHashes));
        }

        var frontier = new List<byte[]>(64);
        foreach (var hash in frontierHashes)
        {
            if (hash is not { Length: TreeHasher.HashSize })
            {
                throw new ArgumentException("Every frontier hash must be 32 bytes.", nameof(frontierHashes));
            }

            frontier.Add((byte[])hash.Clone());
        }

        return new CompactRange(size, frontier);
    }

    /// <summary>
    /// Appends one leaf hash. <paramref name="visitor"/> receives the leaf (level 0) and then every
    /// perfect node the append completes, bottom-up.
    /// </summary>
    public void Append(byte[] leafHash, Action<NodeId, byte[]>? visitor)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        if (leafHash.Length != TreeHasher.HashSize)
        {
            throw new ArgumentException("A leaf hash must be 32 bytes.", nameof(leafHash));
        }

        var index = Size;
        visitor?.Invoke(new NodeId(0, index), leafHash);
        var hash = leafHash;
        var level = 0;
        while (((index >> level) & 1) != 0)
        {
            var last = _frontier.Count - 1;
            hash = TreeHasher.HashChildren(_frontier[last], hash);
            _frontier.RemoveAt(last);
            level++;
            visitor?.Invoke(new NodeId(level, index >> level), hash);
        }

        _frontier.Add(hash);
        Size = index + 1;
    }

    /// <summary>The RFC 9162 root hash of the range; the empty root for size 0.</summary>
    public byte[] RootHash()
    {
        if (_frontier.Count == 0)
        {
            return TreeHasher.EmptyRoot;
        }

        var root = (byte[])_frontier[^1].Clone();
        for (var i = _frontier.Count - 2; i >= 0; i--)
        {
            TreeHasher.HashChildren(_frontier[i], root, root);
        }

        return root;
    }
}
