using FluentValidation;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;

namespace FhirChain.FhirApi.Validation;

/// <summary>
/// Validates a resource the way this server promises: the base spec's element rules (cardinality,
/// primitive formats), the FHIRPath invariants in <see cref="Invariants"/>, and the FluentValidation
/// business rules for Patient, Observation and Consent.
/// </summary>
internal sealed class ResourceValidator(IValidator<Patient> patientRules, IValidator<Observation> observationRules, IValidator<Consent> consentRules)
{
    public IReadOnlyList<ValidationIssue> Validate(Resource resource)
    {
        var issues = new List<ValidationIssue>();
        var type = resource.TypeName;

        foreach (var finding in resource.Validate(ModelInfo.ModelInspector, NarrativeValidationKind.FhirXhtml, null!, true))
        {
            issues.Add(new ValidationIssue(finding.BaseErrorMessage ?? finding.Message, Locations.ToExpression(type, finding.InstancePath)));
        }

        CheckInvariants(resource, Invariants.DomainResource, issues);
        if (Invariants.ByType.TryGetValue(type, out var invariants))
        {
            CheckInvariants(resource, invariants, issues);
        }

        FluentValidation.Results.ValidationResult? business = resource switch
        {
            Patient patient => patientRules.Validate(patient),
            Observation observation => observationRules.Validate(observation),
            Consent consent => consentRules.Validate(consent),
            _ => null,
        };
        foreach (var failure in business?.Errors ?? [])
        {
            issues.Add(new ValidationIssue(failure.ErrorMessage, failure.PropertyName));
        }

        return issues;
    }

    private static void CheckInvariants(Resource resource, Invariant[] invariants, List<ValidationIssue> issues)
    {
        var node = resource.ToPocoNode();
        var context = new FhirEvaluationContext { Resource = node, RootResource = node };
        foreach (var invariant in invariants)
        {
            var targets = invariant.Context == "%resource" ? [resource] : resource.Select(invariant.Context, context).OfType<Base>().ToList();
            var index = 0;
            foreach (var target in targets)
            {
                bool holds;
                try
                {
                    holds = target.IsTrue(invariant.Expression, context);
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
                {
                    holds = true;
                }

                if (!holds)
                {
                    var location = invariant.Context == "%resource" ? resource.TypeName : $"{resource.TypeName}.{invariant.Context}[{index}]";
                    issues.Add(new ValidationIssue($"Constraint {invariant.Key} failed: {invariant.Human}", location));
                }

                index++;
            }
        }
    }
}
