import { GeneralErrorBoundary } from '../components/error-boundary'
import { notFound } from '../utils/http.server'

// Every unknown path: a 404 page in the user's language, inside the shell.
export const loader = () => notFound()
export const action = () => notFound()

export default function NotFound() {
  return null
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
