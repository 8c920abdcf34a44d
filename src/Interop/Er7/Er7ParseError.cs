namespace FhirChain.Interop.Er7;

/// <summary>
/// Why a text is not a well-formed ER7 message. <paramref name="Segment"/> is the segment id
/// (or what stood in its place), <paramref name="SegmentIndex"/> its 1-based position,
/// <paramref name="Field"/> the 1-based HL7 field number when one field is to blame.
/// </summary>
public sealed record Er7ParseError(string Segment, int? SegmentIndex, int? Field, string Message) : Er7ParseResult
{
    /// <summary>The HL7 table 0357 code that best describes the failure.</summary>
    public int ErrorCode { get; init; } = 100;

    /// <summary>"SEG^seq^field" as written in ERR-2.</summary>
    public string Location =>
        string.Join('^', new[] { Segment, SegmentIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, Field?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty }).TrimEnd('^');

    public override string ToString() => $"{Location}: {Message}";
}
