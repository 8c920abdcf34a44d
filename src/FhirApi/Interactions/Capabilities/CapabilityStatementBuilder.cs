using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Search;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace FhirChain.FhirApi.Interactions.Capabilities;

/// <summary>
/// The CapabilityStatement, built from what the server really implements: every resource type the
/// SDK knows, the interactions wired in Rest/FhirEndpoints, and each type's search parameters.
/// </summary>
internal sealed class CapabilityStatementBuilder(SearchParameterRegistry registry, Microsoft.Extensions.Options.IOptions<AuthOptions> auth)
{
    private static readonly TypeRestfulInteraction[] TypeInteractions =
    [
        TypeRestfulInteraction.Read, TypeRestfulInteraction.Vread, TypeRestfulInteraction.Update, TypeRestfulInteraction.Patch,
        TypeRestfulInteraction.Delete, TypeRestfulInteraction.HistoryInstance, TypeRestfulInteraction.HistoryType,
        TypeRestfulInteraction.Create, TypeRestfulInteraction.SearchType,
    ];

    private readonly Lock gate = new();
    private CapabilityStatement? template;

    public CapabilityStatement Build(string baseUrl)
    {
        lock (gate)
        {
            template ??= Create();
        }

        var statement = (CapabilityStatement)template.DeepCopy();
        statement.Implementation = new ImplementationComponent { Description = "FhirChain FHIR R4 server with a signed provenance log", Url = baseUrl };
        return statement;
    }

    private CapabilityStatement Create()
    {
        var rest = new RestComponent { Mode = RestfulCapabilityMode.Server };
        rest.Documentation = "Every stored version is a leaf of an RFC 9162 Merkle log with signed C2SP checkpoints: see /log/checkpoint, /log/key and $verify.";
        foreach (var type in ModelInfo.SupportedResources.Order(StringComparer.Ordinal))
        {
            var resource = new ResourceComponent
            {
                Type = type,
                Profile = ModelInfo.CanonicalUriForFhirCoreType(type).Value,
                Versioning = ResourceVersionPolicy.Versioned,
                ReadHistory = true,
                UpdateCreate = true,
                ConditionalCreate = true,
                ConditionalRead = ConditionalReadStatus.NotSupported,
                ConditionalUpdate = true,
                ConditionalDelete = ConditionalDeleteStatus.Single,
                ReferencePolicy = [ReferenceHandlingPolicy.Literal, ReferenceHandlingPolicy.Logical],
                Interaction = TypeInteractions.Select(i => new ResourceInteractionComponent { Code = i }).ToList(),
            };
            foreach (var definition in registry.For(type).Where(d => d.Type is not (SearchParamType.Composite or SearchParamType.Special)).OrderBy(d => d.Code, StringComparer.Ordinal))
            {
                if (definition.Expression is null && !SearchParameterRegistry.StorageParameters.Contains(definition.Code))
                {
                    continue;
                }

                resource.SearchParam.Add(new CapabilityStatement.SearchParamComponent { Name = definition.Code, Definition = definition.Url, Type = definition.Type });
            }

            resource.SearchInclude = registry.For(type).Where(d => d.Type == SearchParamType.Reference).Select(d => $"{type}:{d.Code}").Order(StringComparer.Ordinal).ToList();
            resource.Operation.Add(new OperationComponent { Name = "validate", Definition = "http://hl7.org/fhir/OperationDefinition/Resource-validate" });
            resource.Operation.Add(new OperationComponent { Name = "verify", Definition = "urn:fhirchain:operation:verify" });
            rest.Resource.Add(resource);
        }

        rest.Interaction.Add(new SystemInteractionComponent { Code = SystemRestfulInteraction.Transaction });
        rest.Interaction.Add(new SystemInteractionComponent { Code = SystemRestfulInteraction.Batch });
        rest.Interaction.Add(new SystemInteractionComponent { Code = SystemRestfulInteraction.HistorySystem });
        rest.Interaction.Add(new SystemInteractionComponent
        {
            Code = SystemRestfulInteraction.SearchSystem,
            Documentation = "GET [base]?_type=A,B&... or POST [base]/_search: parameters every listed type defines; without _type, those defined for all resources.",
        });
        foreach (var code in SearchParameterRegistry.AllResourceParameters)
        {
            var definition = registry.Find("Basic", code)!;
            rest.SearchParam.Add(new CapabilityStatement.SearchParamComponent { Name = code, Definition = definition.Url, Type = definition.Type });
        }

        rest.Operation.Add(new OperationComponent { Name = "export", Definition = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export" });
        rest.Operation.Add(new OperationComponent { Name = "patient-export", Definition = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export" });
        rest.Operation.Add(new OperationComponent { Name = "group-export", Definition = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export" });
        rest.Security = SecurityComponentFactory.Create(auth.Value);

        return new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = "2026-11-25",
            Kind = CapabilityStatementKind.Instance,
            Software = new SoftwareComponent { Name = "FhirChain", Version = typeof(CapabilityStatementBuilder).Assembly.GetName().Version?.ToString() },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json", "application/fhir+xml", "json", "xml"],
            PatchFormat = ["application/json-patch+json", "application/fhir+json", "application/fhir+xml"],
            Rest = [rest],
        };
    }
}
