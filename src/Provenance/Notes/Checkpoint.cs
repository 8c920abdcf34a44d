using System.Globalization;
using System.Text;

namespace FhirChain.Provenance.Notes;

/// <summary>
/// A C2SP tlog-checkpoint body: origin line, decimal tree size, base64 root hash, then optional
/// extension lines. Sign <see cref="ToNoteText"/> with a <see cref="NoteSigner"/> to publish it.
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] RootHash, IReadOnlyList<string> Extensions)
{
    /// <summary>The note text: <c>origin\n size\n base64(root)\n</c> and one line per extension.</summary>
    public string ToNoteText()
    {
        if (string.IsNullOrEmpty(Origin) || Origin.Contains('\n', StringComparison.Ordinal))
        {
            throw new InvalidOperationException("A checkpoint origin must be a non-empty single line.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(Size);
        var text = new StringBuilder();
        text.Append(Origin).Append('\n')
            .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Convert.ToBase64String(RootHash)).Append('\n');
        foreach (var extension in Extensions)
        {
            if (string.IsNullOrEmpty(extension) || extension.Contains('\n', StringComparison.Ordinal))
            {
                throw new InvalidOperationException("A checkpoint extension must be a non-empty single line.");
            }

            text.Append(extension).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Parses a checkpoint from a (verified) note text.</summary>
    public static CheckpointParseResult Parse(string noteText)
    {
        ArgumentNullException.ThrowIfNull(noteText);
        if (noteText.Length == 0 || noteText[^1] != '\n')
        {
            return CheckpointParseResult.Fail("the checkpoint text must end with a newline");
        }

        var lines = noteText[..^1].Split('\n');
        if (lines.Length < 3)
        {
            return CheckpointParseResult.Fail("a checkpoint needs at least three lines: origin, size, root hash");
        }

        if (lines[0].Length == 0)
        {
            return CheckpointParseResult.Fail("line 1 (origin) is empty");
        }

        var sizeText = lines[1];
        if (sizeText.Length == 0 || !sizeText.All(char.IsAsciiDigit) || (sizeText.Length > 1 && sizeText[0] == '0')
            || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return CheckpointParseResult.Fail($"line 2 (tree size) '{sizeText}' is not a decimal number without leading zeros");
        }

        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            return CheckpointParseResult.Fail("line 3 (root hash) is not base64");
        }

        if (root.Length != 32 || Convert.ToBase64String(root) != lines[2])
        {
            return CheckpointParseResult.Fail("line 3 (root hash) is not the standard base64 of a 32-byte hash");
        }

        var extensions = lines[3..];
        for (var i = 0; i < extensions.Length; i++)
        {
            if (extensions[i].Length == 0)
            {
                return CheckpointParseResult.Fail($"line {i + 4} (extension) is empty");
            }
        }

        return CheckpointParseResult.Ok(new Checkpoint(lines[0], size, root, extensions));
    }
}
