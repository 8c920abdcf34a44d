using FhirChain.Interop.Er7;
using Hl7.Fhir.Model;

namespace FhirChain.Interop.Mapping;

/// <summary>
/// MSH to Provenance: targets are the bundle's entries, recorded is MSH-7, agents the sending
/// application (assembler) and facility (custodian), and the source entity is the message
/// itself, identified by its control id (MSH-10).
/// </summary>
internal static class ProvenanceMapper
{
    private const string ParticipantType = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

    public static Provenance Map(MappingContext context)
    {
        var message = context.Message;
        var provenance = new Provenance
        {
            Target = context.Bundle.Entry.Select(e => MappingContext.Reference(e.FullUrl!)).ToList(),
            Recorded = TsConverter.ToInstant(message.Timestamp, context.Zone) ?? context.Options.TimeProvider.GetUtcNow(),
        };
        AddAgent(provenance, message.SendingApplication, "assembler", "Assembler");
        AddAgent(provenance, message.SendingFacility, "custodian", "Custodian");
        if (provenance.Agent.Count == 0)
        {
            AddAgent(provenance, "unknown sender", "assembler", "Assembler");
        }

        provenance.Entity.Add(new Provenance.EntityComponent
        {
            Role = Provenance.ProvenanceEntityRole.Source,
            What = new ResourceReference
            {
                Identifier = new Identifier(IdentifierSystems.ControlId(message.SendingApplication, message.SendingFacility), message.ControlId),
                Display = MessageTypeDisplay(message),
            },
        });
        return provenance;
    }

    public static string MessageTypeDisplay(Hl7Message message) =>
        message.TriggerEvent.Length == 0 ? message.MessageType : message.MessageType + "^" + message.TriggerEvent;

    private static void AddAgent(Provenance provenance, string name, string code, string display)
    {
        if (name.Length == 0)
        {
            return;
        }

        provenance.Agent.Add(new Provenance.AgentComponent
        {
            Type = new CodeableConcept(ParticipantType, code, display, null),
            Who = new ResourceReference { Display = name },
        });
    }
}
