// The media capability: resumable uploads (tus), storage on disk or S3, ranged serving and
// the optional ffmpeg pass. Modules attach files of their purpose with `onMediaReady`.
export {
	getMedia,
	readyMedia,
	mediaPath,
	thumbnailPath,
	onMediaReady,
	storeMediaFile,
	saveBrowserDetails,
	videoType,
	NOT_A_VIDEO,
	type MediaFile,
	type MediaReadyHandler,
	type MediaPurpose
} from './files';
export { handleUpload, UPLOADS_PATH, tooLargeMessage } from './uploads';
export { mediaResponse, thumbnailResponse, mediaEtag, OPEN_RANGE_BYTES } from './serve';
export { answerRange, rangeStillValid, type RangeAnswer } from './ranges';
export { mediaStore, installMediaStore, openMediaStore, type MediaStore } from './storage';
export { ffmpegAvailable } from './ffmpeg';
export { resetUploadLocks } from './lock';
