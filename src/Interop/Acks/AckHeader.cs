using FhirChain.Interop.Er7;

namespace FhirChain.Interop.Acks;

/// <summary>The incoming header fields an ACK echoes, as raw (escaped) ER7 text.</summary>
internal sealed record AckHeader(
    Er7Delimiters Delimiters,
    string SendingApplication,
    string SendingFacility,
    string ReceivingApplication,
    string ReceivingFacility,
    string Trigger,
    string ControlId,
    string ProcessingId,
    string Version)
{
    public static AckHeader Empty { get; } = new(Er7Delimiters.Default, "", "", "", "", "", "", "", "");

    /// <summary>Reads what it can from the first line of text that did not parse.</summary>
    public static AckHeader Salvage(string text)
    {
        var start = text.IndexOf("MSH", StringComparison.Ordinal);
        if (start < 0)
        {
            return Empty;
        }

        var line = text[start..];
        var end = line.AsSpan().IndexOfAny('\r', '\n');
        if (end >= 0)
        {
            line = line[..end];
        }

        if (Er7Parser.ReadDelimiters(line, "MSH", 1) is not Er7Delimiters delimiters)
        {
            return Empty;
        }

        var parts = line.Split(delimiters.Field);

        // parts[n] is MSH-(n+1) because MSH-1 is the separator itself.
        string Field(int number) => Sanitize(number - 1 < parts.Length ? parts[number - 1] : string.Empty, delimiters);
        return new AckHeader(
            delimiters,
            Field(3),
            Field(4),
            Field(5),
            Field(6),
            Er7Split.Part(Field(9), delimiters.Component, 2),
            Er7Split.Part(Er7Split.Part(Field(10), delimiters.Repetition, 1), delimiters.Component, 1),
            Er7Split.Part(Field(11), delimiters.Component, 1),
            Er7Split.Part(Field(12), delimiters.Component, 1));
    }

    private static string Sanitize(string value, Er7Delimiters delimiters) =>
        value.Length > 200 || value.Any(c => c < ' ') ? string.Empty : value;
}
