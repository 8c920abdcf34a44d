using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Storage;

/// <summary>The SqlServer schema; its migrations live in Storage/Migrations/SqlServer.</summary>
internal sealed class SqlServerFhirDbContext(DbContextOptions<SqlServerFhirDbContext> options) : FhirDbContext(options);
