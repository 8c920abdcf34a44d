using System.Text;
using FhirChain.FhirApi.Auth;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Audit;

/// <summary>Builds AuditEvents in the shape of IHE Basic Audit Log Patterns (BALP) for RESTful access.</summary>
internal static class AuditEventFactory
{
    public const string AuditTypeSystem = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    public const string InteractionSystem = "http://hl7.org/fhir/restful-interaction";
    public const string PurposeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public const string ClientSystem = "urn:fhirchain:client";
    public const string DicomSystem = "http://dicom.nema.org/resources/ontology/DCM";

    public static AuditEvent Create(AuditRecord record)
    {
        var audit = new AuditEvent
        {
            Type = new Coding(AuditTypeSystem, "rest", "Restful Operation"),
            Subtype = [new Coding(InteractionSystem, record.Interaction)],
            Action = record.Action switch
            {
                "C" => AuditEvent.AuditEventAction.C,
                "U" => AuditEvent.AuditEventAction.U,
                "D" => AuditEvent.AuditEventAction.D,
                "E" => AuditEvent.AuditEventAction.E,
                _ => AuditEvent.AuditEventAction.R,
            },
            Recorded = record.Recorded,
            Outcome = record.Status switch
            {
                < 400 => AuditEvent.AuditEventOutcome.N0,
                < 500 => AuditEvent.AuditEventOutcome.N4,
                _ => AuditEvent.AuditEventOutcome.N8,
            },
            OutcomeDesc = record.Detail,
            Source = Source(),
        };
        audit.Agent.Add(Agent(record.Caller));
        if (record.ResourceType is { } type)
        {
            var entity = new AuditEvent.EntityComponent { Type = SystemObject() };
            if (record.ResourceId is { } id)
            {
                entity.What = new ResourceReference($"{type}/{id}");
            }
            else
            {
                entity.Description = type;
            }

            if (record.Query is { } query)
            {
                entity.Query = Encoding.UTF8.GetBytes(query);
            }

            audit.Entity.Add(entity);
        }

        return audit;
    }

    /// <summary>The audit source: this server, an application server.</summary>
    public static AuditEvent.SourceComponent Source() => new()
    {
        Site = "FhirChain",
        Observer = new ResourceReference { Display = "FhirChain FHIR server" },
        Type = [new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server")],
    };

    /// <summary>The entity type of a resource or message: a system object.</summary>
    public static Coding SystemObject() => new("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object");

    private static AuditEvent.AgentComponent Agent(Caller caller)
    {
        var agent = new AuditEvent.AgentComponent
        {
            Requestor = true,
            Who = caller.FhirUser is { } fhirUser
                ? new ResourceReference(fhirUser) { Identifier = new Identifier(ClientSystem, caller.Subject) }
                : new ResourceReference { Identifier = new Identifier(ClientSystem, caller.Subject), Display = caller.Subject },
            Type = new CodeableConcept(DicomSystem, "110153", "Source Role ID"),
        };
        if (caller.PurposeOfUse is { } purpose)
        {
            agent.PurposeOfUse.Add(new CodeableConcept(PurposeSystem, purpose));
        }

        if (caller.ScopeText.Length > 0)
        {
            agent.PolicyElement.Add(new FhirUri("urn:fhirchain:scope:" + caller.ScopeText.Replace(' ', '+')));
        }

        return agent;
    }
}
