import { useCallback, useState } from 'react';
import { ApiError, errorMessage } from './api-error.js';

export interface FormErrors {
  /** Field errors by body field name, from the API's `details.fields`. */
  fields: Record<string, string>;
  /** The form-level message, when the error is not about one field. */
  form: string | null;
  /** Record an error thrown by a submit. */
  capture: (err: unknown) => void;
  clear: () => void;
}

/** Map API errors to a form: field errors next to inputs, anything else at the top. */
export function useFormErrors(): FormErrors {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [form, setForm] = useState<string | null>(null);
  const capture = useCallback((err: unknown) => {
    const byField = err instanceof ApiError ? err.fieldErrors() : {};
    setFields(byField);
    setForm(Object.keys(byField).length > 0 ? 'Please correct the highlighted fields.' : errorMessage(err));
  }, []);
  const clear = useCallback(() => {
    setFields({});
    setForm(null);
  }, []);
  return { fields, form, capture, clear };
}
