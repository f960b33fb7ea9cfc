import { useEffect, useId, useRef, useState, type ButtonHTMLAttributes, type ReactNode } from 'react'
import { useT } from '../i18n/react'

/**
 * The one way to ask before an irreversible action (award, cancel, ship, deliver…): a submit button that first
 * opens a modal dialog saying what will happen, with the action's own words on the confirming button. The dialog
 * is the browser's <dialog> (focus is trapped and Escape cancels, as screen readers expect). Without JavaScript the
 * button submits straight away: the server still checks everything, so the page works, it just does not ask.
 *
 * `warning` is for a consequence the person may not have noticed (a reserve price not met): shown in the dialog as
 * a warning rather than plain text.
 */
export function ConfirmButton({
  children,
  title,
  consequence,
  warning,
  confirmLabel,
  className,
  ...button
}: {
  children: ReactNode
  /** The question, e.g. "Award lot 1 to Промкабель?" */
  title: string
  /** What will happen, in words: "The lot closes for good; the supplier sees the award." */
  consequence: ReactNode
  warning?: ReactNode
  /** The confirming button's text; defaults to the button's own text when that is a string. */
  confirmLabel?: string
} & Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type' | 'title'>) {
  const { t } = useT()
  const id = useId()
  const dialog = useRef<HTMLDialogElement>(null)
  const trigger = useRef<HTMLButtonElement>(null)
  const [asking, setAsking] = useState(false)
  const confirmed = useRef(false)

  useEffect(() => {
    if (asking && dialog.current && !dialog.current.open) dialog.current.showModal()
  }, [asking])

  const confirm = () => {
    confirmed.current = true
    dialog.current?.close()
    setAsking(false)
    // Submit through the original button so its name/value (the intent) reach the server.
    trigger.current?.form?.requestSubmit(trigger.current)
    // requestSubmit fires no click, so nothing else clears the flag: left set, the next click on this button (the
    // form stays, e.g. after a refusal) would submit without asking.
    confirmed.current = false
  }

  return (
    <>
      <button
        {...button}
        ref={trigger}
        type="submit"
        className={className}
        onClick={(event) => {
          button.onClick?.(event)
          if (event.defaultPrevented) return
          if (confirmed.current) {
            confirmed.current = false
            return
          }
          event.preventDefault()
          setAsking(true)
        }}
      >
        {children}
      </button>
      {asking ? (
        <dialog
          ref={dialog}
          className="confirm-dialog"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-text`}
          onClose={() => setAsking(false)}
        >
          <h2 id={`${id}-title`}>{title}</h2>
          <div id={`${id}-text`}>
            {warning ? (
              <p className="notice notice-warning" role="alert">
                {warning}
              </p>
            ) : null}
            <p>{consequence}</p>
          </div>
          <div className="confirm-actions">
            <button type="button" className={className?.includes('danger') ? 'danger' : 'primary'} onClick={confirm}>
              {confirmLabel ?? (typeof children === 'string' ? children : t('confirm.yes'))}
            </button>
            <button type="button" autoFocus onClick={() => dialog.current?.close()}>
              {t('confirm.cancel')}
            </button>
          </div>
        </dialog>
      ) : null}
    </>
  )
}
