using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using FhirChain.FhirApi.Validation;
using Hl7.Fhir.Model;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Validate;

/// <summary>Validates without storing: 200 with an OperationOutcome listing every finding (an error-free one says so).</summary>
internal sealed class ValidateHandler(ResourceValidator validator, ResourceStore store, FhirSerializer serializer) : IRequestHandler<ValidateRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(ValidateRequest request, CancellationToken cancellationToken)
    {
        var resource = request.Resource;
        if (resource is null && request.Id is { } id)
        {
            var row = await store.ReadCurrentRowAsync(request.Type, id, cancellationToken);
            if (row?.Json is null)
            {
                return Outcomes.NotFound($"{request.Type}/{id} is not known.");
            }

            resource = serializer.FromStoredJson(row.Json);
        }

        if (resource is null)
        {
            return Outcomes.BadRequest("$validate needs a resource in the body (or a Parameters with a 'resource' part).");
        }

        if (resource.TypeName != request.Type)
        {
            return Outcomes.BadRequest($"The body is a {resource.TypeName}, but $validate was called on {request.Type}.", "resourceType");
        }

        var outcome = new OperationOutcome();
        foreach (var issue in request.ParseIssues)
        {
            outcome.Issue.Add(Outcomes.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Structure, issue.Message, Locations.ToExpression(request.Type, issue.Location)));
        }

        foreach (var issue in validator.Validate(resource))
        {
            outcome.Issue.Add(Outcomes.Issue(issue.IsError ? OperationOutcome.IssueSeverity.Error : OperationOutcome.IssueSeverity.Warning, OperationOutcome.IssueType.Invariant, issue.Message, issue.Expression));
        }

        if (outcome.Issue.Count == 0)
        {
            outcome.Issue.Add(Outcomes.Issue(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational, $"The {request.Type} is valid.", null));
        }

        return FhirResponse.Of(StatusCodes.Status200OK, outcome);
    }
}
