using System.Security.Cryptography;

namespace FhirChain.Provenance.Leaves;

/// <summary>The salted content digest D = SHA-256(salt || C) of docs/provenance.md section 2.</summary>
public static class ContentDigest
{
    /// <summary>Salt length in bytes.</summary>
    public const int SaltSize = 32;

    /// <summary>A fresh random 32-byte salt for one version.</summary>
    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltSize);

    /// <summary>SHA-256(salt || canonicalContent).</summary>
    public static byte[] Compute(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> canonicalContent)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(salt);
        hash.AppendData(canonicalContent);
        return hash.GetHashAndReset();
    }
}
