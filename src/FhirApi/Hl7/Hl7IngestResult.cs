namespace FhirChain.FhirApi.Hl7v2;

/// <summary>
/// The answer to one HL7 v2 message: its outcome, the ACK text to send back, the message's control
/// id (MSH-10, empty when unreadable), the ERR texts of a failure and the resources (<c>Type/id</c>)
/// an accepted message wrote.
/// </summary>
internal sealed record Hl7IngestResult(Hl7IngestOutcome Outcome, string Ack, string ControlId, IReadOnlyList<string> Errors)
{
    public IReadOnlyList<string> Written { get; init; } = [];
}
