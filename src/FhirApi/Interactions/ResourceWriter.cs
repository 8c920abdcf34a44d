using FhirChain.FhirApi.Consents;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;
using FhirChain.FhirApi.Validation;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Interactions;

/// <summary>
/// The FHIR write interactions (create, update, conditional variants, delete) on an open
/// <see cref="WriteSession"/>, so that single requests and bundle entries share one implementation.
/// Returns the response each would give; nothing is committed here. Every write is held to the
/// request's scope here (<see cref="WriteAccess"/>), so no path (bundle entry, conditional update that
/// resolves to an id, patch) writes around it. Conditional creates and updates whose criteria match
/// only resources the scope hides are refused rather than storing a second resource beside them.
/// </summary>
internal sealed class ResourceWriter(ResourceValidator validator, SearchService search, WriteAccess access)
{
    public async Task<FhirResponse> CreateAsync(WriteSession session, Resource resource, WriteConditions conditions, CancellationToken cancellationToken, string? assignedId = null)
    {
        if (access.CheckContent(resource) is { } outside)
        {
            return outside;
        }

        if (Validate(resource) is { } invalid)
        {
            return invalid;
        }

        if (!string.IsNullOrWhiteSpace(conditions.IfNoneExist))
        {
            var found = await search.FindIdsAsync(resource.TypeName, conditions.IfNoneExist, 2, cancellationToken);
            if (found.Error is not null)
            {
                return found.Error;
            }

            if (found.Ids.Count > 1)
            {
                return Outcomes.PreconditionFailed($"If-None-Exist '{conditions.IfNoneExist}' matches more than one {resource.TypeName}.");
            }

            if (found.Ids.Count == 1)
            {
                var existing = await session.GetCurrentAsync(resource.TypeName, found.Ids[0], cancellationToken);
                return Existing(existing!.Row);
            }

            if (await search.MatchesHiddenAsync(resource.TypeName, conditions.IfNoneExist, cancellationToken))
            {
                return ConsentOutcomes.HiddenMatch(resource.TypeName, conditions.IfNoneExist);
            }
        }

        resource.Id = assignedId ?? IdRules.NewId();
        session.MarkNew(resource.TypeName, resource.Id);
        var stored = await session.PutAsync(resource, cancellationToken);
        return Written(stored, StatusCodes.Status201Created);
    }

    public async Task<FhirResponse> UpdateAsync(WriteSession session, string type, string id, Resource resource, WriteConditions conditions, CancellationToken cancellationToken)
    {
        if (resource.TypeName != type)
        {
            return Outcomes.BadRequest($"The body is a {resource.TypeName}, but the URL is for {type}.", "resourceType");
        }

        if (string.IsNullOrEmpty(resource.Id))
        {
            return Outcomes.BadRequest("An update needs the resource's id in the body.", $"{type}.id");
        }

        if (resource.Id != id)
        {
            return Outcomes.BadRequest($"The id in the body ('{resource.Id}') does not match the id in the URL ('{id}').", $"{type}.id");
        }

        if (!IdRules.IsValid(id))
        {
            return Outcomes.BadRequest($"'{id}' is not a valid FHIR id (1-64 of A-Z a-z 0-9 - .).", $"{type}.id");
        }

        if ((access.CheckContent(resource) ?? await access.CheckTargetAsync(type, id, cancellationToken)) is { } refused)
        {
            return refused;
        }

        if (Validate(resource) is { } invalid)
        {
            return invalid;
        }

        var current = await session.GetCurrentAsync(type, id, cancellationToken);
        if (conditions.IfMatchVersion is { } expected)
        {
            if (current is null || current.IsDeleted)
            {
                return Outcomes.PreconditionFailed($"If-Match {conditions.IfMatch} given, but {type}/{id} does not exist.");
            }

            if (current.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture) != expected)
            {
                return Outcomes.PreconditionFailed($"If-Match {conditions.IfMatch} does not match the current version {current.VersionId} of {type}/{id}.");
            }
        }

        var created = current is null || current.IsDeleted;
        var stored = await session.PutAsync(resource, cancellationToken);
        return Written(stored, created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    public async Task<FhirResponse> ConditionalUpdateAsync(WriteSession session, string type, string criteria, Resource resource, WriteConditions conditions, CancellationToken cancellationToken)
    {
        var found = await search.FindIdsAsync(type, criteria, 2, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        switch (found.Ids.Count)
        {
            case 0 when await search.MatchesHiddenAsync(type, criteria, cancellationToken):
                return ConsentOutcomes.HiddenMatch(type, criteria);
            case 0:
                if (!string.IsNullOrEmpty(resource.Id))
                {
                    return await UpdateAsync(session, type, resource.Id, resource, conditions, cancellationToken);
                }

                if (access.CheckContent(resource) is { } outside)
                {
                    return outside;
                }

                if (Validate(resource) is { } invalid)
                {
                    return invalid;
                }

                if (resource.TypeName != type)
                {
                    return Outcomes.BadRequest($"The body is a {resource.TypeName}, but the URL is for {type}.", "resourceType");
                }

                resource.Id = IdRules.NewId();
                return Written(await session.PutAsync(resource, cancellationToken), StatusCodes.Status201Created);
            case 1:
                if (!string.IsNullOrEmpty(resource.Id) && resource.Id != found.Ids[0])
                {
                    return Outcomes.BadRequest($"The criteria '{criteria}' match {type}/{found.Ids[0]}, but the body has id '{resource.Id}'.", $"{type}.id");
                }

                resource.Id = found.Ids[0];
                return await UpdateAsync(session, type, found.Ids[0], resource, conditions, cancellationToken);
            default:
                return Outcomes.PreconditionFailed($"The criteria '{criteria}' match more than one {type}.");
        }
    }

    public async Task<FhirResponse> DeleteAsync(WriteSession session, string type, string id, WriteConditions conditions, CancellationToken cancellationToken)
    {
        if (await access.CheckTargetAsync(type, id, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (conditions.IfMatchVersion is { } expected)
        {
            var current = await session.GetCurrentAsync(type, id, cancellationToken);
            if (current is not null && !current.IsDeleted && current.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture) != expected)
            {
                return Outcomes.PreconditionFailed($"If-Match {conditions.IfMatch} does not match the current version {current.VersionId} of {type}/{id}.");
            }
        }

        var deleted = await session.DeleteAsync(type, id, cancellationToken);
        return deleted is null
            ? new FhirResponse(StatusCodes.Status204NoContent)
            : new FhirResponse(StatusCodes.Status204NoContent)
            {
                ResourceType = type,
                Id = id,
                VersionId = deleted.Row.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                LastModified = deleted.LastModified,
                LeafIndex = deleted.Row.LeafIndex,
            };
    }

    public async Task<FhirResponse> ConditionalDeleteAsync(WriteSession session, string type, string criteria, CancellationToken cancellationToken)
    {
        var found = await search.FindIdsAsync(type, criteria, 2, cancellationToken);
        if (found.Error is not null)
        {
            return found.Error;
        }

        return found.Ids.Count switch
        {
            0 => new FhirResponse(StatusCodes.Status204NoContent),
            1 => await DeleteAsync(session, type, found.Ids[0], WriteConditions.None, cancellationToken),
            _ => Outcomes.PreconditionFailed($"The criteria '{criteria}' match more than one {type}; conditional delete deletes one."),
        };
    }

    /// <summary>Validation findings as a 422, or null when the resource is valid.</summary>
    public FhirResponse? Validate(Resource resource)
    {
        var issues = validator.Validate(resource);
        if (issues.Count == 0)
        {
            return null;
        }

        return Outcomes.Unprocessable(issues.Select(i => Outcomes.Issue(
            i.IsError ? OperationOutcome.IssueSeverity.Error : OperationOutcome.IssueSeverity.Warning,
            OperationOutcome.IssueType.Invariant,
            i.Message,
            i.Expression)).ToList());
    }

    private static FhirResponse Written(StoredVersion stored, int status) => new(status)
    {
        Resource = stored.Resource,
        ResourceType = stored.Row.ResourceType,
        Id = stored.Row.ResourceId,
        VersionId = stored.Row.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        LastModified = stored.LastModified,
        Location = $"{stored.Row.ResourceType}/{stored.Row.ResourceId}/_history/{stored.Row.VersionId}",
        LeafIndex = stored.Row.LeafIndex,
    };

    private static FhirResponse Existing(ResourceVersionRow row) => new(StatusCodes.Status200OK)
    {
        StoredJson = row.Json,
        ResourceType = row.ResourceType,
        Id = row.ResourceId,
        VersionId = row.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        LastModified = DateTimeOffset.FromUnixTimeMilliseconds(row.LastUpdatedMs),
        Location = $"{row.ResourceType}/{row.ResourceId}/_history/{row.VersionId}",
        LeafIndex = row.LeafIndex,
    };
}
