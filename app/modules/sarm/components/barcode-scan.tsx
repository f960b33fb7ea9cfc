import { useEffect, useRef, useState } from 'react'
import { useT } from '../../../i18n/react'

// A "scan" button for the GTIN field, built on the browser's BarcodeDetector (Chrome on Android, Safari 17+). It
// appears only where the API exists: elsewhere the typed GTIN field works as it is (progressive enhancement).

type Detector = { detect: (source: HTMLVideoElement) => Promise<{ rawValue: string }[]> }
type DetectorClass = new (o: { formats: string[] }) => Detector

export function BarcodeScan({ inputId }: { inputId: string }) {
  const { t } = useT()
  const [supported, setSupported] = useState(false)
  const [scanning, setScanning] = useState(false)
  const [failed, setFailed] = useState(false)
  const video = useRef<HTMLVideoElement>(null)
  useEffect(() => setSupported(typeof window !== 'undefined' && 'BarcodeDetector' in window), [])
  useEffect(() => {
    if (!scanning || !video.current) return
    let stream: MediaStream | null = null
    let stopped = false
    const el = video.current
    const Ctor = (window as unknown as { BarcodeDetector: DetectorClass }).BarcodeDetector
    const detector = new Ctor({ formats: ['ean_13', 'ean_8', 'upc_a', 'upc_e'] })
    const tick = async () => {
      if (stopped) return
      const found = await detector.detect(el).catch(() => [])
      const code = found.find((f) => /^\d{8,14}$/.test(f.rawValue))
      if (code) {
        const input = document.getElementById(inputId) as HTMLInputElement | null
        if (input) {
          input.value = code.rawValue
          input.dispatchEvent(new Event('input', { bubbles: true }))
        }
        setScanning(false)
      } else requestAnimationFrame(tick)
    }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (s) => {
        stream = s
        el.srcObject = s
        await el.play()
        void tick()
      })
      .catch(() => {
        setFailed(true)
        setScanning(false)
      })
    return () => {
      stopped = true
      stream?.getTracks().forEach((track) => track.stop())
    }
  }, [scanning, inputId])
  if (!supported) return null
  return (
    <div className="sarm-scan">
      <button type="button" onClick={() => setScanning((s) => !s)}>
        {scanning ? t('sarm.form.scanStop') : t('sarm.form.scan')}
      </button>
      {scanning ? <video ref={video} muted playsInline className="sarm-scan-video" /> : null}
      {failed ? <p className="hint">{t('sarm.form.scanFailed')}</p> : null}
    </div>
  )
}
