namespace FhirChain.Interop.Er7;

/// <summary>
/// The separators of one message, read from MSH-1 and MSH-2. A character that MSH-2 does not
/// define is <c>'\0'</c> (never present in text), so splitting on it yields the whole value.
/// </summary>
public sealed record Er7Delimiters(
    char Field,
    char Component,
    char Repetition,
    char Escape,
    char SubComponent,
    char Truncation)
{
    /// <summary>The usual <c>|^~\&amp;</c>.</summary>
    public static Er7Delimiters Default { get; } = new('|', '^', '~', '\\', '&', '\0');

    /// <summary>MSH-2 as it should be written back (4 or 5 characters).</summary>
    public string EncodingCharacters =>
        string.Concat(Component, Repetition, Escape, SubComponent).TrimEnd('\0')
        + (Truncation == '\0' ? string.Empty : Truncation.ToString());
}
