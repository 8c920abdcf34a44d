namespace FhirChain.FhirApi.Storage;

/// <summary>An HL7 v2 message already processed, so a resend with the same control id changes nothing.</summary>
internal sealed class Hl7MessageRow
{
    public required string Sender { get; set; }

    public required string ControlId { get; set; }

    public required string Ack { get; set; }

    public long ReceivedMs { get; set; }
}
