using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace FhirChain.Provenance.Notes;

/// <summary>
/// Signs C2SP signed notes with an Ed25519 key. Key strings follow golang.org/x/mod/sumdb/note:
/// signer key <c>PRIVATE+KEY+&lt;name&gt;+&lt;keyid hex8&gt;+&lt;base64(0x01 || 32-byte seed)&gt;</c>.
/// </summary>
public sealed class NoteSigner
{
    private const string PrivateKeyPrefix = "PRIVATE+KEY+";
    private readonly byte[] _seed;
    private readonly byte[] _publicKey;

    private NoteSigner(string name, byte[] seed)
    {
        Name = name;
        _seed = seed;
        using var key = ImportKey(seed);
        _publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        KeyId = NoteKeys.KeyId(name, _publicKey);
    }

    /// <summary>The key name (for a log, its origin).</summary>
    public string Name { get; }

    /// <summary>The 32-bit key id.</summary>
    public uint KeyId { get; }

    /// <summary>The private key string; keep it secret.</summary>
    public string SignerKey =>
        $"{PrivateKeyPrefix}{Name}+{NoteKeys.FormatKeyId(KeyId)}+{Convert.ToBase64String([NoteKeys.Ed25519Type, .. _seed])}";

    /// <summary>The public verifier key string: <c>&lt;name&gt;+&lt;keyid hex8&gt;+&lt;base64(0x01 || public key)&gt;</c>.</summary>
    public string VerifierKey =>
        $"{Name}+{NoteKeys.FormatKeyId(KeyId)}+{Convert.ToBase64String([NoteKeys.Ed25519Type, .. _publicKey])}";

    /// <summary>Generates a new random Ed25519 key named <paramref name="name"/>.</summary>
    public static NoteSigner Generate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (NoteKeys.NameProblem(name) is { } problem)
        {
            throw new ArgumentException($"Invalid key name: {problem}.", nameof(name));
        }

        return new NoteSigner(name, RandomNumberGenerator.GetBytes(NoteKeys.Ed25519KeySize));
    }

    /// <summary>Parses a signer key string.</summary>
    /// <exception cref="FormatException">The key is malformed or its key id does not match.</exception>
    public static NoteSigner Parse(string signerKey)
    {
        ArgumentNullException.ThrowIfNull(signerKey);
        var key = signerKey.Trim();
        if (!key.StartsWith(PrivateKeyPrefix, StringComparison.Ordinal))
        {
            throw new FormatException("Malformed signer key: it must start with 'PRIVATE+KEY+'.");
        }

        var parts = key[PrivateKeyPrefix.Length..].Split('+', 3);
        if (parts.Length != 3)
        {
            throw new FormatException("Malformed signer key: expected PRIVATE+KEY+<name>+<keyid>+<key>.");
        }

        if (NoteKeys.NameProblem(parts[0]) is { } problem)
        {
            throw new FormatException($"Malformed signer key: {problem}.");
        }

        if (!NoteKeys.TryParseKeyId(parts[1], out var keyId))
        {
            throw new FormatException($"Malformed signer key: key id '{parts[1]}' is not 8 lowercase hex digits.");
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            throw new FormatException("Malformed signer key: the key material is not base64.");
        }

        if (blob.Length != 1 + NoteKeys.Ed25519KeySize || blob[0] != NoteKeys.Ed25519Type)
        {
            throw new FormatException("Malformed signer key: expected 0x01 followed by a 32-byte Ed25519 seed.");
        }

        var signer = new NoteSigner(parts[0], blob[1..]);
        if (signer.KeyId != keyId)
        {
            throw new FormatException(
                $"Malformed signer key: key id {parts[1]} does not match the key (computed {NoteKeys.FormatKeyId(signer.KeyId)}).");
        }

        return signer;
    }

    /// <summary>
    /// Signs <paramref name="noteText"/> (which must end in a newline) and returns the signed note:
    /// the text, a blank line, and <c>— &lt;name&gt; &lt;base64(keyid || signature)&gt;\n</c>.
    /// </summary>
    public string Sign(string noteText)
    {
        ArgumentNullException.ThrowIfNull(noteText);
        if (NoteText.Problem(noteText) is { } problem)
        {
            throw new ArgumentException($"Cannot sign: {problem}.", nameof(noteText));
        }

        using var key = ImportKey(_seed);
        var signature = SignatureAlgorithm.Ed25519.Sign(key, Encoding.UTF8.GetBytes(noteText));
        var blob = new byte[4 + signature.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(blob, KeyId);
        signature.CopyTo(blob, 4);
        return $"{noteText}\n{NoteText.SignaturePrefix}{Name} {Convert.ToBase64String(blob)}\n";
    }

    private static Key ImportKey(byte[] seed) =>
        Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
}
