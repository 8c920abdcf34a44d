using System.Globalization;
using System.Text;
using FhirChain.Interop.Er7;

namespace FhirChain.Interop.Acks;

/// <summary>
/// Builds original-mode ACK messages: an MSH with sender and receiver swapped, MSH-9
/// <c>ACK^&lt;trigger&gt;^ACK</c>, a fresh MSH-10 and the incoming MSH-12; <c>MSA|code|incoming MSH-10</c>;
/// one ERR per error. The ACK uses the incoming message's delimiters and is CR-terminated.
/// </summary>
public static class AckBuilder
{
    private const string DefaultVersion = "2.5.1";

    public static string Build(Hl7Message? incoming, AckCode code, IReadOnlyList<AckError> errors, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (incoming is null)
        {
            return Build(AckHeader.Empty, code, errors, timeProvider ?? TimeProvider.System);
        }

        var msh = incoming.Header;
        var header = new AckHeader(
            incoming.Delimiters,
            SendingApplication: msh.Field(3).Raw,
            SendingFacility: msh.Field(4).Raw,
            ReceivingApplication: msh.Field(5).Raw,
            ReceivingFacility: msh.Field(6).Raw,
            Trigger: msh.Field(9).Component(2).Raw,
            ControlId: msh.Field(10).Raw,
            ProcessingId: msh.Field(11).Raw,
            Version: msh.Field(12).Raw);
        return Build(header, code, errors, timeProvider ?? TimeProvider.System);
    }

    /// <summary>An AR for text that could not be parsed: salvages what MSH fields it can.</summary>
    public static string Build(string unparsedText, Er7ParseError parseError, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(parseError);
        var header = AckHeader.Salvage(unparsedText ?? string.Empty);
        return Build(header, AckCode.AR, [AckError.FromParseError(parseError)], timeProvider ?? TimeProvider.System);
    }

    private static string Build(AckHeader header, AckCode code, IReadOnlyList<AckError> errors, TimeProvider timeProvider)
    {
        var d = header.Delimiters;
        var f = d.Field;
        var now = timeProvider.GetUtcNow();
        var builder = new StringBuilder(256);
        builder.Append("MSH").Append(f).Append(d.EncodingCharacters)
            .Append(f).Append(header.ReceivingApplication)
            .Append(f).Append(header.ReceivingFacility)
            .Append(f).Append(header.SendingApplication)
            .Append(f).Append(header.SendingFacility)
            .Append(f).Append(now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)).Append("+0000")
            .Append(f)
            .Append(f).Append("ACK").Append(d.Component).Append(header.Trigger).Append(d.Component).Append("ACK")
            .Append(f).Append(NewControlId())
            .Append(f).Append(header.ProcessingId.Length > 0 ? header.ProcessingId : "P")
            .Append(f).Append(header.Version.Length > 0 ? header.Version : DefaultVersion)
            .Append('\r');

        builder.Append("MSA").Append(f).Append(code.ToString()).Append(f).Append(header.ControlId);
        if (code != AckCode.AA && errors.Count > 0)
        {
            builder.Append(f).Append(Escape(Truncate(errors[0].Text, 80), d));
        }

        builder.Append('\r');
        foreach (var error in errors)
        {
            AppendErr(builder, error, d);
        }

        return builder.ToString();
    }

    private static void AppendErr(StringBuilder builder, AckError error, Er7Delimiters d)
    {
        var f = d.Field;
        var code = (int)error.Code;
        builder.Append("ERR").Append(f)
            .Append(f).Append(error.Location.Replace('^', d.Component))
            .Append(f).Append(code.ToString(CultureInfo.InvariantCulture)).Append(d.Component).Append(Escape(CodeName(error.Code), d)).Append(d.Component).Append("HL70357")
            .Append(f).Append(error.Severity switch { AckSeverity.Warning => "W", AckSeverity.Information => "I", _ => "E" })
            .Append(f).Append(f).Append(f).Append(f)
            .Append(Escape(error.Text, d))
            .Append('\r');
    }

    private static string CodeName(Hl7ErrorCode code) => code switch
    {
        Hl7ErrorCode.MessageAccepted => "Message accepted",
        Hl7ErrorCode.SegmentSequenceError => "Segment sequence error",
        Hl7ErrorCode.RequiredFieldMissing => "Required field missing",
        Hl7ErrorCode.DataTypeError => "Data type error",
        Hl7ErrorCode.TableValueNotFound => "Table value not found",
        Hl7ErrorCode.UnsupportedMessageType => "Unsupported message type",
        Hl7ErrorCode.UnsupportedEventCode => "Unsupported event code",
        Hl7ErrorCode.UnsupportedProcessingId => "Unsupported processing id",
        Hl7ErrorCode.UnsupportedVersionId => "Unsupported version id",
        Hl7ErrorCode.UnknownKeyIdentifier => "Unknown key identifier",
        Hl7ErrorCode.DuplicateKeyIdentifier => "Duplicate key identifier",
        Hl7ErrorCode.ApplicationRecordLocked => "Application record locked",
        _ => "Application internal error",
    };

    private static string Escape(string text, Er7Delimiters d) => Er7Escaping.Escape(text.Replace("\r\n", "\n", StringComparison.Ordinal), d);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static string NewControlId() => Guid.NewGuid().ToString("N")[..20].ToUpperInvariant();
}
