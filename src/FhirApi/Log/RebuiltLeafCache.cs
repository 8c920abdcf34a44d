using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using FhirChain.FhirApi.Storage;
using FhirChain.Provenance.Leaves;

namespace FhirChain.FhirApi.Log;

/// <summary>
/// Remembers the leaf rebuilt from a stored version, keyed by a SHA-256 of every stored field the
/// leaf is made from (the JSON bytes, salt, previous leaf hash, operation, identity, lastUpdated).
/// A read still hashes the stored bytes each time, so any change to them misses the cache and gets
/// the full rebuild; what is saved is parsing and canonicalising unchanged JSON. Bounded.
/// </summary>
internal sealed class RebuiltLeafCache
{
    public const int Capacity = 200_000;

    private readonly ConcurrentDictionary<long, Entry> leaves = new();

    /// <summary>The leaf of a stored version, and the signed tree size it was last proven against (0 if never).</summary>
    public (LeafV1 Leaf, long ProvenAtSize) GetOrRebuild(ResourceVersionRow row)
    {
        var key = KeyOf(row);
        if (leaves.TryGetValue(row.LeafIndex, out var known) && known.Key.AsSpan().SequenceEqual(key))
        {
            return (known.Leaf, known.ProvenAtSize);
        }

        var leaf = LogVerifier.RebuildLeaf(row);
        if (leaves.Count >= Capacity)
        {
            leaves.Clear();
        }

        leaves[row.LeafIndex] = new Entry(key, leaf, 0);
        return (leaf, 0);
    }

    /// <summary>Records that the leaf at <paramref name="leafIndex"/> verified in the signed tree of <paramref name="treeSize"/> leaves.</summary>
    public void Proven(long leafIndex, long treeSize)
    {
        if (leaves.TryGetValue(leafIndex, out var known))
        {
            leaves[leafIndex] = known with { ProvenAtSize = treeSize };
        }
    }

    public void Forget(long leafIndex) => leaves.TryRemove(leafIndex, out _);

    private sealed record Entry(byte[] Key, LeafV1 Leaf, long ProvenAtSize);

    private static byte[] KeyOf(ResourceVersionRow row)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Field(ReadOnlySpan<byte> bytes)
        {
            Span<byte> length = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        Field(Encoding.UTF8.GetBytes(row.ResourceType));
        Field(Encoding.UTF8.GetBytes(row.ResourceId));
        Field(BitConverter.GetBytes(row.VersionId));
        Field([(byte)row.Operation]);
        Field(Encoding.UTF8.GetBytes(row.LastUpdated));
        Field(row.Salt ?? []);
        Field(row.PreviousLeafHash ?? []);
        Field(System.Runtime.InteropServices.MemoryMarshal.AsBytes((row.Json ?? string.Empty).AsSpan()));
        return hash.GetHashAndReset();
    }
}
