using System.Security.Cryptography;

namespace FhirChain.Provenance.Merkle;

/// <summary>RFC 9162 section 2.1 hashing: SHA-256 with a 0x00 prefix for leaves and 0x01 for interior nodes.</summary>
public static class TreeHasher
{
    /// <summary>Size in bytes of every hash in the tree.</summary>
    public const int HashSize = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;
    private const int StackLimit = 1024;

    private static readonly byte[] EmptyRootHash = SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>The root of the empty tree, SHA-256 of the empty string. A fresh copy on each call.</summary>
    public static byte[] EmptyRoot => (byte[])EmptyRootHash.Clone();

    /// <summary>SHA-256(0x00 || leafBytes).</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> leafBytes)
    {
        var result = new byte[HashSize];
        if (leafBytes.Length < StackLimit)
        {
            Span<byte> buffer = stackalloc byte[leafBytes.Length + 1];
            buffer[0] = LeafPrefix;
            leafBytes.CopyTo(buffer[1..]);
            SHA256.HashData(buffer, result);
            return result;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([LeafPrefix]);
        hash.AppendData(leafBytes);
        hash.GetHashAndReset(result);
        return result;
    }

    /// <summary>SHA-256(0x01 || left || right).</summary>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var result = new byte[HashSize];
        HashChildren(left, right, result);
        return result;
    }

    /// <summary>SHA-256(0x01 || left || right) written into <paramref name="destination"/> (32 bytes).</summary>
    public static void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        var length = 1 + left.Length + right.Length;
        if (length <= StackLimit)
        {
            Span<byte> buffer = stackalloc byte[length];
            buffer[0] = NodePrefix;
            left.CopyTo(buffer[1..]);
            right.CopyTo(buffer[(1 + left.Length)..]);
            SHA256.HashData(buffer, destination);
            return;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([NodePrefix]);
        hash.AppendData(left);
        hash.AppendData(right);
        hash.GetHashAndReset(destination);
    }
}
