using System.Buffers.Binary;
using System.Text;
using NSec.Cryptography;

namespace FhirChain.Provenance.Notes;

/// <summary>
/// Verifies C2SP signed notes against one Ed25519 verifier key
/// <c>&lt;name&gt;+&lt;keyid hex8&gt;+&lt;base64(0x01 || 32-byte public key)&gt;</c>.
/// </summary>
public sealed class NoteVerifier
{
    private const int MaxSignatures = 100;
    private readonly PublicKey _publicKey;

    private NoteVerifier(string name, uint keyId, PublicKey publicKey)
    {
        Name = name;
        KeyId = keyId;
        _publicKey = publicKey;
    }

    /// <summary>The key name.</summary>
    public string Name { get; }

    /// <summary>The 32-bit key id.</summary>
    public uint KeyId { get; }

    /// <summary>Parses a verifier key string.</summary>
    /// <exception cref="FormatException">The key is malformed, of another algorithm, or its key id does not match.</exception>
    public static NoteVerifier Parse(string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(verifierKey);
        var parts = verifierKey.Trim().Split('+', 3);
        if (parts.Length != 3)
        {
            throw new FormatException("Malformed verifier key: expected <name>+<keyid>+<base64 key>.");
        }

        if (NoteKeys.NameProblem(parts[0]) is { } problem)
        {
            throw new FormatException($"Malformed verifier key: {problem}.");
        }

        if (!NoteKeys.TryParseKeyId(parts[1], out var keyId))
        {
            throw new FormatException($"Malformed verifier key: key id '{parts[1]}' is not 8 lowercase hex digits.");
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            throw new FormatException("Malformed verifier key: the key material is not base64.");
        }

        if (blob.Length == 0 || blob[0] != NoteKeys.Ed25519Type)
        {
            throw new FormatException("Malformed verifier key: only Ed25519 keys (algorithm byte 0x01) are supported.");
        }

        if (blob.Length != 1 + NoteKeys.Ed25519KeySize)
        {
            throw new FormatException("Malformed verifier key: the key material is not a 32-byte Ed25519 public key.");
        }

        var computed = NoteKeys.KeyId(parts[0], blob.AsSpan(1));
        if (computed != keyId)
        {
            throw new FormatException(
                $"Malformed verifier key: key id {parts[1]} does not match the key (computed {NoteKeys.FormatKeyId(computed)}).");
        }

        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, blob.AsSpan(1), KeyBlobFormat.RawPublicKey, out var publicKey)
            || publicKey is null)
        {
            throw new FormatException("Malformed verifier key: the key material is not a valid Ed25519 public key.");
        }

        return new NoteVerifier(parts[0], keyId, publicKey);
    }

    /// <summary>
    /// Opens a signed note: succeeds when one signature line is by this key (same name and key id)
    /// and verifies. Signatures by other keys are allowed and ignored.
    /// </summary>
    public NoteOpenResult Open(string signedNote)
    {
        ArgumentNullException.ThrowIfNull(signedNote);
        var split = signedNote.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return NoteOpenResult.Fail(NoteOpenStatus.Malformed, "malformed note: no blank line before the signatures");
        }

        var text = signedNote[..(split + 1)];
        if (NoteText.Problem(text) is { } textProblem)
        {
            return NoteOpenResult.Fail(NoteOpenStatus.Malformed, $"malformed note: {textProblem}");
        }

        var block = signedNote[(split + 2)..];
        if (block.Length == 0 || block[^1] != '\n')
        {
            return NoteOpenResult.Fail(NoteOpenStatus.Malformed, "malformed note: the signature block must end with a newline");
        }

        var lines = block[..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            return NoteOpenResult.Fail(NoteOpenStatus.Malformed, $"malformed note: more than {MaxSignatures} signatures");
        }

        var message = Encoding.UTF8.GetBytes(text);
        var found = false;
        foreach (var line in lines)
        {
            if (!TryParseSignatureLine(line, out var name, out var keyId, out var signature))
            {
                return NoteOpenResult.Fail(NoteOpenStatus.Malformed, $"malformed note: bad signature line '{line}'");
            }

            if (name != Name || keyId != KeyId)
            {
                continue;
            }

            if (signature.Length != NoteKeys.SignatureSize
                || !SignatureAlgorithm.Ed25519.Verify(_publicKey, message, signature))
            {
                return NoteOpenResult.Fail(
                    NoteOpenStatus.BadSignature, $"bad signature by key {Name}+{NoteKeys.FormatKeyId(KeyId)}");
            }

            found = true;
        }

        return found
            ? NoteOpenResult.Verified(text)
            : NoteOpenResult.Fail(
                NoteOpenStatus.NoSignatureByKey, $"the note has no signature by key {Name}+{NoteKeys.FormatKeyId(KeyId)}");
    }

    private static bool TryParseSignatureLine(string line, out string name, out uint keyId, out byte[] signature)
    {
        name = string.Empty;
        keyId = 0;
        signature = [];
        if (!line.StartsWith(NoteText.SignaturePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = line[NoteText.SignaturePrefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || NoteKeys.NameProblem(rest[..space]) is not null)
        {
            return false;
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(rest[(space + 1)..]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (blob.Length < 5)
        {
            return false;
        }

        name = rest[..space];
        keyId = BinaryPrimitives.ReadUInt32BigEndian(blob);
        signature = blob[4..];
        return true;
    }
}
