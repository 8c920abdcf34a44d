using System.Globalization;
using FhirChain.Interop.Er7;

namespace FhirChain.Interop.Acks;

/// <summary>
/// One ERR segment: the table 0357 code, a message for people (ERR-8) and where the fault is
/// (ERR-2: segment id, its 1-based position in the message, field number).
/// </summary>
public sealed record AckError(
    Hl7ErrorCode Code,
    string Text,
    string? Segment = null,
    int? SegmentSequence = null,
    int? Field = null,
    AckSeverity Severity = AckSeverity.Error)
{
    /// <summary>ERR-2 location as "SEG^seq^field" (empty parts left out at the end).</summary>
    public string Location =>
        Segment is null
            ? string.Empty
            : string.Join('^', Segment, SegmentSequence?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, Field?.ToString(CultureInfo.InvariantCulture) ?? string.Empty).TrimEnd('^');

    /// <summary>The ERR for a parse failure.</summary>
    public static AckError FromParseError(Er7ParseError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var code = Enum.IsDefined(typeof(Hl7ErrorCode), error.ErrorCode) ? (Hl7ErrorCode)error.ErrorCode : Hl7ErrorCode.SegmentSequenceError;
        return new AckError(code, error.Message, error.Segment.Length == 0 ? null : error.Segment, error.SegmentIndex, error.Field);
    }
}
