namespace FhirChain.Provenance.Merkle;

/// <summary>
/// A whole Merkle tree in memory: every perfect node, 32 bytes each, in fixed-size chunks per level
/// (about 64 bytes per leaf in total). For rebuilding a log from its leaves (audits) and for benchmarks.
/// </summary>
public sealed class InMemoryMerkleTree
{
    private const int ChunkShift = 16;
    private const int ChunkNodes = 1 << ChunkShift;
    private const int ChunkBytes = ChunkNodes * TreeHasher.HashSize;

    private readonly List<List<byte[]>> _levels = [];
    private readonly CompactRange _range = CompactRange.Empty();
    private readonly Action<NodeId, byte[]> _store;

    /// <summary>Creates an empty tree.</summary>
    public InMemoryMerkleTree()
    {
        _store = StoreNode;
    }

    /// <summary>Number of leaves.</summary>
    public long Size => _range.Size;

    /// <summary>Appends a leaf hash (32 bytes) and returns its index.</summary>
    public long Append(byte[] leafHash)
    {
        var index = _range.Size;
        _range.Append(leafHash, _store);
        return index;
    }

    /// <summary>Appends a leaf hash if the tree still has <paramref name="expectedSize"/> leaves.</summary>
    /// <exception cref="LogSizeConflictException">The tree has another size.</exception>
    public long Append(byte[] leafHash, long expectedSize)
    {
        if (expectedSize != _range.Size)
        {
            throw new LogSizeConflictException(expectedSize, _range.Size);
        }

        return Append(leafHash);
    }

    /// <summary>Hashes <paramref name="leafBytes"/> as a leaf and appends it.</summary>
    public long AppendLeafData(ReadOnlySpan<byte> leafBytes) => Append(TreeHasher.HashLeaf(leafBytes));

    /// <summary>The hash of a stored perfect node.</summary>
    public byte[] GetNode(NodeId id)
    {
        if (id.Level < 0 || id.Level >= _levels.Count || id.Index < 0 || id.EndLeaf > _range.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Node {id} is not a complete node of a tree of {_range.Size} leaves.");
        }

        var chunk = _levels[id.Level][(int)(id.Index >> ChunkShift)];
        var offset = (int)(id.Index & (ChunkNodes - 1)) * TreeHasher.HashSize;
        return chunk.AsSpan(offset, TreeHasher.HashSize).ToArray();
    }

    /// <summary>The current root hash.</summary>
    public byte[] RootHash() => _range.RootHash();

    /// <summary>The root hash of the tree made of the first <paramref name="size"/> leaves.</summary>
    public byte[] RootHash(long size)
    {
        if (size < 0 || size > _range.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The tree holds {_range.Size} leaves.");
        }

        var ids = CompactRange.FrontierIds(size);
        return ids.Count == 0
            ? TreeHasher.EmptyRoot
            : Fold(ids);
    }

    /// <summary>The RFC 9162 inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves.</summary>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        CheckSize(size);
        var plan = ProofPlanner.Inclusion(index, size);
        return plan.Rehash(Fetch(plan.Ids));
    }

    /// <summary>The RFC 9162 consistency proof from the tree of <paramref name="size1"/> leaves to the tree of <paramref name="size2"/>.</summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long size1, long size2)
    {
        CheckSize(size2);
        var plan = ProofPlanner.Consistency(size1, size2);
        return plan.Rehash(Fetch(plan.Ids));
    }

    private void CheckSize(long size)
    {
        if (size > _range.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The tree holds only {_range.Size} leaves.");
        }
    }

    private byte[][] Fetch(IReadOnlyList<NodeId> ids)
    {
        var hashes = new byte[ids.Count][];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = GetNode(ids[i]);
        }

        return hashes;
    }

    private byte[] Fold(IReadOnlyList<NodeId> ids)
    {
        var root = GetNode(ids[^1]);
        for (var i = ids.Count - 2; i >= 0; i--)
        {
            TreeHasher.HashChildren(GetNode(ids[i]), root, root);
        }

        return root;
    }

    private void StoreNode(NodeId id, byte[] hash)
    {
        while (_levels.Count <= id.Level)
        {
            _levels.Add([]);
        }

        var chunks = _levels[id.Level];
        var chunkIndex = (int)(id.Index >> ChunkShift);
        var offset = (int)(id.Index & (ChunkNodes - 1)) * TreeHasher.HashSize;
        if (chunkIndex == chunks.Count)
        {
            // The first chunk of a level starts small and doubles, so small trees stay small.
            chunks.Add(new byte[chunkIndex == 0 ? 64 * TreeHasher.HashSize : ChunkBytes]);
        }

        var chunk = chunks[chunkIndex];
        if (offset >= chunk.Length)
        {
            Array.Resize(ref chunk, Math.Min(ChunkBytes, chunk.Length * 2));
            chunks[chunkIndex] = chunk;
        }

        hash.CopyTo(chunks[chunkIndex], offset);
    }
}
