namespace FhirChain.Provenance.Notes;

/// <summary>Rules for the text of a C2SP signed note.</summary>
internal static class NoteText
{
    /// <summary>Every signature line starts with an em dash (U+2014) and a space.</summary>
    public const string SignaturePrefix = "\u2014 ";

    /// <summary>Why a note text is not acceptable, or null: it must be non-empty, end in a newline and have no control characters other than newline.</summary>
    public static string? Problem(string text)
    {
        if (text.Length == 0 || text[^1] != '\n')
        {
            return "the note text must end with a newline";
        }

        foreach (var c in text)
        {
            if (c != '\n' && char.IsControl(c))
            {
                return "the note text contains a control character";
            }
        }

        return null;
    }
}
