using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Audit;

/// <summary>
/// Builds the AuditEvent of one received HL7 v2 message, in the shape the REST ones have (IHE BALP,
/// with the DICOM "Import" event the IHE ATNA profiles use for inbound feeds): the sending application
/// and facility as the requesting agent, this server as the destination, the message (its MSH-10 as
/// the entity's name and an <c>MSH-10</c> detail) and each resource its transaction wrote as entities.
/// </summary>
internal static class Hl7AuditEventFactory
{
    public const string SenderSystem = "urn:fhirchain:hl7v2:sender";
    public const string MessageTypeSystem = "http://terminology.hl7.org/CodeSystem/v2-0076";
    public const string EventTypeSystem = "http://terminology.hl7.org/CodeSystem/v2-0003";

    public static AuditEvent Create(Hl7MessageAudit message)
    {
        var audit = new AuditEvent
        {
            Type = new Coding(AuditEventFactory.DicomSystem, "110107", "Import"),
            Subtype = Subtypes(message.MessageType),
            Action = AuditEvent.AuditEventAction.C,
            Recorded = message.Recorded,
            Outcome = message.AckCode == "AA" ? AuditEvent.AuditEventOutcome.N0 : AuditEvent.AuditEventOutcome.N4,
            OutcomeDesc = message.Detail,
            Source = AuditEventFactory.Source(),
        };
        var sender = message.SendingApplication.Length + message.SendingFacility.Length > 0 ? $"{message.SendingApplication}^{message.SendingFacility}" : null;
        audit.Agent.Add(new AuditEvent.AgentComponent
        {
            Requestor = true,
            Type = new CodeableConcept(AuditEventFactory.DicomSystem, "110153", "Source Role ID"),
            Who = sender is null
                ? new ResourceReference { Display = "unknown sender (no readable MSH-3/MSH-4)" }
                : new ResourceReference { Identifier = new Identifier(SenderSystem, sender), Display = sender },
            Name = sender,
        });
        audit.Agent.Add(new AuditEvent.AgentComponent
        {
            Requestor = false,
            Type = new CodeableConcept(AuditEventFactory.DicomSystem, "110152", "Destination Role ID"),
            Who = new ResourceReference { Display = "FhirChain FHIR server" },
        });

        var received = new AuditEvent.EntityComponent
        {
            Type = AuditEventFactory.SystemObject(),
            Description = message.MessageType.Length > 0 ? $"HL7 v2 {message.MessageType} message" : "HL7 v2 message (unreadable header)",
        };
        if (message.ControlId.Length > 0)
        {
            received.Name = message.ControlId;
            received.Detail.Add(new AuditEvent.DetailComponent { Type = "MSH-10", Value = new FhirString(message.ControlId) });
        }

        audit.Entity.Add(received);
        foreach (var written in message.Written)
        {
            audit.Entity.Add(new AuditEvent.EntityComponent { Type = AuditEventFactory.SystemObject(), What = new ResourceReference(written) });
        }

        return audit;
    }

    /// <summary>MSH-9 as the v2 message type and trigger event codes (e.g. ADT and A01), when readable.</summary>
    private static List<Coding> Subtypes(string messageType)
    {
        var parts = messageType.Split('^');
        var subtypes = new List<Coding>();
        if (parts[0].Length > 0)
        {
            subtypes.Add(new Coding(MessageTypeSystem, parts[0]));
        }

        if (parts.Length > 1 && parts[1].Length > 0)
        {
            subtypes.Add(new Coding(EventTypeSystem, parts[1], messageType));
        }

        return subtypes;
    }
}
