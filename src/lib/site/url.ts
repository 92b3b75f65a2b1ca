/**
 * Joins the site's base path and a path inside the site.
 *
 * The course may be hosted at the root of a domain or under a sub-path
 * (`"base": "/course/"` in course.config.json), and Astro gives the base as `/`, `/course` or
 * `/course/` depending on how it was written. Every link, asset, data and
 * model URL goes through here so none of them forgets the base.
 */
export function withBase(path: string, base: string = import.meta.env.BASE_URL): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) return path;
  const trimmedBase = base.replace(/\/+$/, '');
  const trimmedPath = path.replace(/^\/+/, '');
  return `${trimmedBase}/${trimmedPath}`;
}
