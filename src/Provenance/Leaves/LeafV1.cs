using System.Globalization;
using System.Text;
using FhirChain.Provenance.Merkle;

namespace FhirChain.Provenance.Leaves;

/// <summary>
/// A <c>fhirchain-leaf/v1</c> leaf (docs/provenance.md section 3): eight LF-terminated lines binding
/// one resource version to its salted content digest and to the previous version's leaf.
/// </summary>
public sealed record LeafV1(
    LeafOperation Operation,
    string ResourceType,
    string Id,
    string VersionId,
    string LastUpdated,
    byte[]? ContentDigest,
    byte[]? PreviousLeafHash)
{
    private const string Magic = "fhirchain-leaf/v1";
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private static readonly string[] Labels = ["", "op", "type", "id", "version", "lastUpdated", "content", "prev"];

    /// <summary>The exact leaf bytes.</summary>
    /// <exception cref="FormatException">A field is empty, holds whitespace, or a digest has the wrong length or presence.</exception>
    public byte[] Encode()
    {
        Validate();
        var text = new StringBuilder(256)
            .Append(Magic).Append('\n')
            .Append("op:").Append(OperationName(Operation)).Append('\n')
            .Append("type:").Append(ResourceType).Append('\n')
            .Append("id:").Append(Id).Append('\n')
            .Append("version:").Append(VersionId).Append('\n')
            .Append("lastUpdated:").Append(LastUpdated).Append('\n')
            .Append("content:").Append(Hex(ContentDigest)).Append('\n')
            .Append("prev:").Append(Hex(PreviousLeafHash)).Append('\n')
            .ToString();
        return StrictUtf8.GetBytes(text);
    }

    /// <summary>The leaf hash, SHA-256(0x00 || <see cref="Encode"/>()).</summary>
    public byte[] Hash() => TreeHasher.HashLeaf(Encode());

    /// <summary>Parses leaf bytes.</summary>
    /// <exception cref="FormatException">The bytes are not a valid v1 leaf; the message names the bad line.</exception>
    public static LeafV1 Decode(ReadOnlySpan<byte> leafBytes)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(leafBytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new FormatException("Leaf is not valid UTF-8.", ex);
        }

        if (text.Length == 0 || text[^1] != '\n')
        {
            throw new FormatException("Leaf must end with a line feed.");
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length != Labels.Length)
        {
            throw new FormatException($"Leaf must have {Labels.Length} lines, found {lines.Length}.");
        }

        if (lines[0] != Magic)
        {
            throw new FormatException($"Line 1 must be '{Magic}'.");
        }

        var values = new string[Labels.Length];
        for (var i = 1; i < Labels.Length; i++)
        {
            var prefix = Labels[i] + ":";
            if (!lines[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new FormatException($"Line {i + 1} must start with '{prefix}'.");
            }

            values[i] = lines[i][prefix.Length..];
        }

        var operation = values[1] switch
        {
            "create" => LeafOperation.Create,
            "update" => LeafOperation.Update,
            "delete" => LeafOperation.Delete,
            _ => throw new FormatException($"Line 2 (op) has unknown operation '{values[1]}'."),
        };
        var leaf = new LeafV1(
            operation, values[2], values[3], values[4], values[5], ParseHex(values[6], 7), ParseHex(values[7], 8));
        leaf.Validate();
        return leaf;
    }

    /// <summary>The <c>op:</c> value of an operation.</summary>
    public static string OperationName(LeafOperation operation) => operation switch
    {
        LeafOperation.Create => "create",
        LeafOperation.Update => "update",
        LeafOperation.Delete => "delete",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown leaf operation."),
    };

    private void Validate()
    {
        _ = OperationName(Operation);
        CheckField(ResourceType, 3, "type");
        CheckField(Id, 4, "id");
        CheckField(VersionId, 5, "version");
        CheckField(LastUpdated, 6, "lastUpdated");
        if (Operation == LeafOperation.Delete)
        {
            if (ContentDigest is not null)
            {
                throw new FormatException("Line 7 (content): a delete has no content digest.");
            }
        }
        else if (ContentDigest is not { Length: TreeHasher.HashSize })
        {
            throw new FormatException("Line 7 (content): a create or update needs a 32-byte content digest.");
        }

        if (PreviousLeafHash is not null && PreviousLeafHash.Length != TreeHasher.HashSize)
        {
            throw new FormatException("Line 8 (prev): the previous leaf hash must be 32 bytes.");
        }
    }

    private static void CheckField(string? value, int line, string label)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new FormatException($"Line {line} ({label}) is empty.");
        }

        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw new FormatException($"Line {line} ({label}) contains whitespace or a control character (a line feed is never allowed).");
            }
        }
    }

    private static string Hex(byte[]? bytes) => bytes is null ? string.Empty : Convert.ToHexStringLower(bytes);

    private static byte[]? ParseHex(string value, int line)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (value.Length != 64 || !value.All(c => char.IsAsciiDigit(c) || (c >= 'a' && c <= 'f')))
        {
            throw new FormatException($"Line {line} ({Labels[line - 1]}) must be empty or 64 lowercase hex digits.");
        }

        return Convert.FromHexString(value);
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"LeafV1 {OperationName(Operation)} {ResourceType}/{Id}/_history/{VersionId}");
}
