using FhirChain.Interop.Acks;
using FhirChain.Interop.Er7;

namespace FhirChain.Interop.Mapping;

/// <summary>
/// Maps a parsed HL7 v2 message to one FHIR R4 transaction Bundle, following the HL7 v2-to-FHIR
/// IG segment and datatype maps. Patients, Encounters, Observations and DiagnosticReports are
/// conditional updates on their identifiers (creates when there is none); a Provenance naming
/// the message (MSH-10) is always added. Unsupported types and events give AR with ERR 200;
/// content that cannot be processed gives AE naming the segment and field.
/// </summary>
public sealed class V2ToFhirMapper(V2MapperOptions? options = null)
{
    private readonly V2MapperOptions options = options ?? new V2MapperOptions();

    /// <summary>Message type^event pairs this mapper accepts.</summary>
    public static IReadOnlyList<string> SupportedEvents { get; } =
        [.. AdtMapper.Events.Order(StringComparer.Ordinal).Select(e => "ADT^" + e), "ORU^R01"];

    public V2MappingResult Map(Hl7Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.MessageType.Trim().ToUpperInvariant();
        var trigger = message.TriggerEvent.Trim().ToUpperInvariant();
        var context = new MappingContext(message, options);
        switch (type)
        {
            case "ADT" when AdtMapper.Events.Contains(trigger):
                AdtMapper.Map(context, trigger);
                break;
            case "ORU" when trigger == "R01":
                OruMapper.Map(context);
                break;
            default:
                return new V2MappingFailure(AckCode.AR, [new AckError(Hl7ErrorCode.UnsupportedMessageType, $"Message type {type}^{trigger} is not supported.", "MSH", 1, 9)]);
        }

        if (context.HasErrors)
        {
            return new V2MappingFailure(AckCode.AE, context.Errors);
        }

        context.Add(ProvenanceMapper.Map(context), null);
        return new V2Mapped(context.Bundle, message.ControlId, message.SendingApplication, message.SendingFacility, ProvenanceMapper.MessageTypeDisplay(message));
    }
}
