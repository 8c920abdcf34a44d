using System.Text;
using System.Text.Json.Nodes;
using FhirChain.FhirApi.Consents;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Interactions.Patch;

/// <summary>
/// Applies a patch to the current version inside a write session and stores the result as the next
/// version. A target outside the request's scope is refused before the patch is tried (its outcome
/// would tell about the content); the patched content is held to the scope by the update.
/// </summary>
internal sealed class PatchApplier(ResourceWriter writer, FhirSerializer serializer, SearchService search, WriteAccess access)
{
    public async Task<FhirResponse> PatchAsync(WriteSession session, PatchRequest request, CancellationToken cancellationToken)
    {
        var id = request.Id;
        if (id is null)
        {
            var found = await search.FindIdsAsync(request.Type, request.Criteria ?? string.Empty, 2, cancellationToken);
            if (found.Error is not null)
            {
                return found.Error;
            }

            if (found.Ids.Count != 1)
            {
                return found.Ids.Count == 0
                    ? Outcomes.NotFound($"No {request.Type} matches '{request.Criteria}'.")
                    : Outcomes.PreconditionFailed($"The criteria '{request.Criteria}' match more than one {request.Type}.");
            }

            id = found.Ids[0];
        }

        if (await access.CheckTargetAsync(request.Type, id, cancellationToken) is { } refused)
        {
            return refused;
        }

        var current = await session.GetCurrentAsync(request.Type, id, cancellationToken);
        if (current is null)
        {
            return Outcomes.NotFound($"{request.Type}/{id} is not known.");
        }

        if (current.IsDeleted)
        {
            return Outcomes.Gone(request.Type, id, current.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Resource patched;
        if (request.Patch.JsonPatch is { } operations)
        {
            var outcome = JsonPatcher.Apply(JsonNode.Parse(current.Row.Json!)!, operations);
            if (outcome.Error is not null)
            {
                return Outcomes.Unprocessable([Outcomes.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Processing, outcome.Error, null)]);
            }

            var parsed = serializer.ParseJson(Encoding.UTF8.GetBytes(outcome.Document!.ToJsonString()));
            if (parsed.Resource is null || parsed.SyntaxIssues.Count > 0)
            {
                return Outcomes.Unprocessable(parsed.Issues.Select(i => Outcomes.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Structure, "The patched resource is not valid FHIR: " + i.Message, i.Location)).ToList());
            }

            patched = parsed.Resource;
        }
        else
        {
            patched = serializer.FromStoredJson(current.Row.Json!);
            if (FhirPathPatcher.Apply(patched, request.Patch.FhirPathPatch!) is { } error)
            {
                return Outcomes.Unprocessable([Outcomes.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Processing, error, null)]);
            }
        }

        if (patched.TypeName != request.Type || patched.Id != id)
        {
            return Outcomes.Unprocessable([Outcomes.Issue(OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueType.Processing, "A patch may not change the resource's type or id.", $"{request.Type}.id")]);
        }

        return await writer.UpdateAsync(session, request.Type, id, patched, request.Conditions, cancellationToken);
    }
}
