using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace FhirChain.Provenance.Notes;

/// <summary>Shared pieces of the C2SP signed-note key formats (Ed25519 keys, algorithm byte 0x01).</summary>
internal static class NoteKeys
{
    public const byte Ed25519Type = 0x01;
    public const int Ed25519KeySize = 32;
    public const int SignatureSize = 64;

    /// <summary>A key name is non-empty UTF-8 text with no Unicode space and no '+'.</summary>
    public static string? NameProblem(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "the key name is empty";
        }

        foreach (var c in name)
        {
            if (c == '+' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return $"the key name '{name}' contains a '+', a space or a control character";
            }
        }

        return IsWellFormed(name) ? null : "the key name is not well-formed UTF-8 (it holds a lone surrogate)";
    }

    /// <summary>Key id: the first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || public key).</summary>
    public static uint KeyId(string name, ReadOnlySpan<byte> publicKey)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(buffer, 0);
        buffer[nameBytes.Length] = (byte)'\n';
        buffer[nameBytes.Length + 1] = Ed25519Type;
        publicKey.CopyTo(buffer.AsSpan(nameBytes.Length + 2));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(buffer, hash);
        return BinaryPrimitives.ReadUInt32BigEndian(hash);
    }

    public static string FormatKeyId(uint keyId) => keyId.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses exactly 8 lowercase hex digits.</summary>
    public static bool TryParseKeyId(string text, out uint keyId)
    {
        keyId = 0;
        if (text.Length != 8 || text.Any(c => !char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)))
        {
            return false;
        }

        keyId = uint.Parse(text, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }

    private static bool IsWellFormed(string s)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetByteCount(s);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
