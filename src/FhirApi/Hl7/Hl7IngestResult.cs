namespace FhirChain.FhirApi.Hl7v2;

/// <summary>
/// The answer to one HL7 v2 message: its outcome, the ACK text to send back, the message's control
/// id (MSH-10, empty when unreadable) and the ERR texts of a failure.
/// </summary>
internal sealed record Hl7IngestResult(Hl7IngestOutcome Outcome, string Ack, string ControlId, IReadOnlyList<string> Errors);
